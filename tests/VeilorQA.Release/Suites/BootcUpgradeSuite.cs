using System.Diagnostics;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Guest.KernelCmdline;

namespace VeilorQA.Release.Suites;

/// <summary>
/// bootc upgrade: the release candidate stages beside the booted deployment, boots after a reboot with the previous
/// deployment kept as the rollback, and a rollback plus a reboot brings the previous deployment back. Runs last: it
/// changes what the target boots. The target stages and rolls back through its <see cref="IUpdateChannel"/> (bootc on
/// veilor-os, ostree on the reference guest); the verdicts read the deployment state, the running /usr and the kernel's
/// <c>ostree=</c> argument, the same on both.
/// </summary>
[ReleaseSuite("bootc-upgrade")]
[RebootsOrSuspends]
[Order(8)]
public sealed class BootcUpgradeSuite : TargetFixture
{
    private const string ReadVersionMarker = ". /usr/lib/os-release && printf '%s' \"${IMAGE_VERSION:-${OSTREE_VERSION:-}}\"";

    // Filled in order: each verdict needs the state the previous one left.
    private BootedDeployment? _previous;
    private DeploymentRef? _stagedCandidate;
    private BootedDeployment? _upgraded;
    private bool _candidateBooted;

    [Test, Order(1)]
    public async Task The_candidate_is_staged_while_the_current_deployment_stays_booted()
    {
        var channel = Require<IUpdateChannel>();
        Report.Parameter("candidate", channel.Candidate);

        var before = await Report.StepAsync("read the booted deployment", ReadBootedAsync);
        Report.Attach("before the upgrade", before.ToString());
        Assert.That(before.Booted, Is.Not.Null, $"bootc-upgrade: the system reports no booted deployment, so it cannot be upgraded ({before.State})");
        Assert.That(before.KargLeadsToBooted, Is.True,
            $"bootc-upgrade: before the upgrade the kernel's {before.OstreeKarg ?? "ostree= argument"} does not lead to the booted deployment {Name(before.Booted!)} ({before.OstreeKargTarget ?? "no target"})");
        if (before.State.Staged is not null)
        {
            // Staging replaces it; noted because a stale staged entry could otherwise pass for the candidate.
            Report.Parameter("already staged before the upgrade", Name(before.State.Staged));
        }

        _previous = before;

        var clock = Stopwatch.StartNew();
        var staged = await Report.StepAsync($"stage the candidate: {channel.Candidate}", () => Verdict($"staging {channel.Candidate} failed", () => channel.StageCandidateAsync(Shell)));
        Report.Parameter("stage", Seconds(clock));
        Report.Attach("staging commands", staged.Transcript);

        var after = await Report.StepAsync("read the staged deployment", () => new DeploymentProbe(Shell).ReadAsync());
        Report.Attach("after staging", after.ToString());
        Assert.That(after.Staged, Is.Not.Null,
            $"bootc-upgrade: after staging {staged.Candidate} nothing is staged for the next boot ({after}); the channel said:\n{staged.Transcript}");
        var candidate = after.Staged!;
        if (staged.Checksum is not null)
        {
            Assert.That(candidate.Checksum, Is.EqualTo(staged.Checksum),
                $"bootc-upgrade: the staged deployment is {Name(candidate)}, not the candidate's commit {Short(staged.Checksum)}");
        }

        if (staged.ImageDigest is not null)
        {
            Assert.That(candidate.ImageDigest, Is.EqualTo(staged.ImageDigest),
                $"bootc-upgrade: the staged image is {candidate.ImageDigest ?? "(no digest)"}, not the release candidate {staged.ImageDigest}");
        }

        Assert.That(candidate.Checksum, Is.Not.EqualTo(before.Booted!.Checksum),
            $"bootc-upgrade: the staged deployment is the booted one again ({Name(candidate)}): the candidate is no update of this system");
        Assert.That(after.Booted?.Checksum, Is.EqualTo(before.Booted.Checksum),
            $"bootc-upgrade: staging changed the booted deployment from {Name(before.Booted)} to {(after.Booted is null ? "none" : Name(after.Booted))} before any reboot");
        _stagedCandidate = candidate;
    }

    [Test, Order(2)]
    public async Task After_the_reboot_the_candidate_is_booted_and_the_previous_deployment_is_the_rollback()
    {
        if (_previous is null || _stagedCandidate is null)
        {
            Assert.Inconclusive("bootc-upgrade: not checked: the candidate was never staged (see the staging test)");
        }

        var v1 = _previous!.Booted!;
        var candidate = _stagedCandidate!;
        var clock = Stopwatch.StartNew();
        // A reboot that does not come back leaves the target's state unknown: its timeout propagates as an infrastructure error
        // carrying the last console lines and a screenshot, for a person to read.
        await Report.StepAsync("reboot into the candidate", () => Target.RebootAsync());
        Report.Parameter("reboot to shell", Seconds(clock));
        // Evidence, not a verdict: what the shutdown spent finalizing (the reboot into a staged deployment is the gate's
        // slowest; issue 16), and whether ostree said it wrote the new boot loader configuration.
        var (finalize, unavailable) = await Report.StepAsync("read how the shutdown finalized the staged deployment",
            () => new StagedFinalizeProbe(Shell).ReadPreviousShutdownAsync());
        Report.Attach("finalize at shutdown", finalize?.ToString() ?? unavailable ?? string.Empty);
        Report.Parameter("finalize at shutdown", finalize?.Total is { } total ? $"{total.TotalSeconds:0.0} s" : "n/a");

        var now = await Report.StepAsync("read the booted deployment", ReadBootedAsync);
        Report.Attach("after the reboot", now.ToString());
        _upgraded = now;
        var booted = now.Booted;
        Assert.That(booted, Is.Not.Null, $"bootc-upgrade: after the reboot the system reports no booted deployment ({now.State})");
        Assert.That(booted!.Checksum, Is.Not.EqualTo(v1.Checksum),
            $"bootc-upgrade: after the reboot the booted deployment is still the previous one, {Name(v1)}, not the staged candidate {Name(candidate)} ({now.State})");
        Assert.That(booted.Checksum, Is.EqualTo(candidate.Checksum),
            $"bootc-upgrade: after the reboot the booted deployment is {Name(booted)}, neither the staged candidate {Name(candidate)} nor the previous {Name(v1)}");
        if (candidate.ImageDigest is not null)
        {
            Assert.That(booted.ImageDigest, Is.EqualTo(candidate.ImageDigest),
                $"bootc-upgrade: after the reboot the booted image is {booted.ImageDigest ?? "(no digest)"}, not the staged candidate {candidate.ImageDigest}");
        }

        if (candidate.Version is not null)
        {
            Assert.That(booted.Version, Is.EqualTo(candidate.Version),
                $"bootc-upgrade: after the reboot the booted deployment reports version {booted.Version ?? "(none)"}, the staged candidate had {candidate.Version}");
        }

        _candidateBooted = true;
        Assert.That(now.KargLeadsToBooted, Is.True,
            $"bootc-upgrade: after the reboot the kernel's {now.OstreeKarg ?? "ostree= argument"} leads to {now.OstreeKargTarget ?? "nothing"}, not to the candidate's deployment {Name(booted)}");
        if (candidate.Version != v1.Version && _previous.VersionMarker is not null)
        {
            Assert.That(now.VersionMarker, Is.Not.EqualTo(_previous.VersionMarker),
                $"bootc-upgrade: after the reboot the running /usr still says version {_previous.VersionMarker} (/usr/lib/os-release), though the candidate is version {candidate.Version}");
        }

        Assert.That(now.State.Rollback, Is.Not.Null,
            $"bootc-upgrade: after the upgrade the previous deployment {Name(v1)} is not kept as the rollback ({now.State})");
        Assert.That(now.State.Rollback!.Checksum, Is.EqualTo(v1.Checksum),
            $"bootc-upgrade: after the upgrade the rollback is {Name(now.State.Rollback)}, not the previous deployment {Name(v1)}");
        Assert.That(now.State.Staged, Is.Null, $"bootc-upgrade: after the reboot something is still staged ({now.State})");
    }

    [Test, Order(3)]
    public async Task After_a_rollback_and_a_reboot_the_previous_deployment_is_booted_again()
    {
        if (_previous is null || _upgraded is null || !_candidateBooted)
        {
            Assert.Inconclusive("bootc-upgrade: not checked: the candidate never booted (see the previous tests)");
        }

        var channel = Require<IUpdateChannel>();
        var v1 = _previous!.Booted!;
        var candidate = _upgraded!.Booted!;
        var clock = Stopwatch.StartNew();
        await Report.StepAsync("request the rollback", () => Verdict("the rollback request failed", () => channel.RequestRollbackAsync(Shell)));
        Report.Parameter("rollback request", Seconds(clock));
        Report.Attach("after the rollback request", (await new DeploymentProbe(Shell).ReadAsync()).ToString());

        clock.Restart();
        await Report.StepAsync("reboot into the previous deployment", () => Target.RebootAsync());
        Report.Parameter("reboot to shell", Seconds(clock));

        var now = await Report.StepAsync("read the booted deployment", ReadBootedAsync);
        Report.Attach("after the rollback", now.ToString());
        var booted = now.Booted;
        Assert.That(booted, Is.Not.Null, $"bootc-upgrade: after the rollback and a reboot the system reports no booted deployment ({now.State})");
        Assert.That(booted!.Checksum, Is.Not.EqualTo(candidate.Checksum),
            $"bootc-upgrade: after the rollback and a reboot the booted deployment is still the candidate {Name(candidate)}, not the previous {Name(v1)} ({now.State})");
        Assert.That(booted.Checksum, Is.EqualTo(v1.Checksum),
            $"bootc-upgrade: after the rollback and a reboot the booted deployment is {Name(booted)}, not the previous {Name(v1)}");
        Assert.That(now.KargLeadsToBooted, Is.True,
            $"bootc-upgrade: after the rollback the kernel's {now.OstreeKarg ?? "ostree= argument"} leads to {now.OstreeKargTarget ?? "nothing"}, not to the previous deployment {Name(booted)}");
        Assert.That(now.VersionMarker, Is.EqualTo(_previous.VersionMarker),
            $"bootc-upgrade: after the rollback the running /usr says version {now.VersionMarker ?? "(none)"} (/usr/lib/os-release), the previous deployment said {_previous.VersionMarker ?? "(none)"}");
        Assert.That(now.State.Rollback?.Checksum, Is.EqualTo(candidate.Checksum),
            $"bootc-upgrade: after the rollback the candidate {Name(candidate)} is not kept as the rollback ({now.State})");
    }

    private async Task<BootedDeployment> ReadBootedAsync()
    {
        var state = await new DeploymentProbe(Shell).ReadAsync();
        var marker = (await MustAsync(ReadVersionMarker)).StandardOutput.Trim();
        var cmdline = await new KernelCmdlineProbe(Shell).ReadAsync();
        var karg = cmdline.Arguments.FirstOrDefault(a => a.Name == "ostree")?.Value;
        var target = karg is null ? null : (await MustAsync($"readlink -f {ShellQuote.Single(karg)}")).StandardOutput.Trim();
        return new BootedDeployment(state, marker.Length == 0 ? null : marker, karg is null ? null : $"ostree={karg}", target);
    }

    /// <summary>
    /// Runs an update command of the channel and turns what the system under test said into the suite's verdict: the
    /// command exited non-zero (<see cref="ShellCommandException"/>) or bootc refused the host
    /// (<see cref="InvalidOperationException"/>). A lost shell or a timeout is no verdict on the product and propagates.
    /// </summary>
    private static async Task<T> Verdict<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ShellCommandException or InvalidOperationException)
        {
            throw new AssertionException($"bootc-upgrade: {what}: {e.Message}", e);
        }
    }

    private static Task Verdict(string what, Func<Task> action) => Verdict<object?>(what, async () =>
    {
        await action();
        return null;
    });

    private static string Name(DeploymentRef deployment) =>
        $"version {deployment.Version ?? "?"} ({(deployment.Checksum is null ? "?" : Short(deployment.Checksum))}.{deployment.Serial}"
        + (deployment.ImageDigest is null ? ")" : $", {deployment.ImageDigest})");

    private static string Short(string checksum) => checksum[..Math.Min(12, checksum.Length)];

    private static string Seconds(Stopwatch clock) => $"{clock.Elapsed.TotalSeconds:0.0} s";
}
