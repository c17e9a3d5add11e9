using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Guest.Reference;

/// <summary>Updates one reference guest v1 → v2 the bootc way (static delta, staged deploy, reboot), rolls back to v1 and undeploys v2.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ReferenceGuestUpdateTests
{
    private const string Stateroot = "veilorqa";
    private const string RemoteDelta = "/var/tmp/update.delta";

    // systemd-cryptsetup's prompt ends without a newline: match inside the unfinished line.
    private static readonly Regex PassphrasePrompt = new("Please enter passphrase for disk", RegexOptions.CultureInvariant);

    private static readonly Regex EverythingSoFar = new(@"[\s\S]*", RegexOptions.CultureInvariant);

    // Generous: another reference guest may boot on the same 2 cores; a reboot includes ostree-finalize-staged.
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan SshTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly RunId run = RunId.Current;
    private LibvirtConnection connection = null!;
    private MachineFiles files = null!;
    private ReferenceGuestBuild build = null!;
    private VirtualMachine? vm;
    private SerialConsole? console;
    private SshShell? shell;
    private Secret passphrase = null!;
    private string updateCommit = null!;
    private OstreeDeployment v1 = null!;
    private string v1Marker = null!;
    private string v1OstreeKarg = null!;
    private string v2OstreeKarg = null!;

    [OneTimeSetUp]
    public async Task Boot_the_reference_guest_once()
    {
        build = (await ReferenceGuestImage.FromRepository()
            .EnsureBuiltAsync(force: false, passphraseFile: null, line => TestContext.Progress.WriteLine(line), CancellationToken.None))!;
        passphrase = build.ReadPassphrase();
        updateCommit = (await File.ReadAllTextAsync(Path.Combine(build.Directory, "update", "update.commit"))).Trim();
        var choice = await AcceleratorProbe.ProbeAsync();
        TestContext.Progress.WriteLine($"reference guest {build.RecipeHash}: v1 {build.CommitV1}, update {updateCommit}; accelerator: {choice}");

        connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        files = MachineFiles.Create(run, "refupdate");
        var overlay = await files.CreateOverlayAsync(build.Disk, DiskFormat.Qcow2);
        var spec = files.SpecBuilder(secureBoot: true)
            .WithAccelerator(choice.Accelerator)
            .WithMemory(1024)
            .WithVCpus(2)
            .WithTpm()
            .WithDisk(overlay)
            .WithVideo(VideoModel.Bochs)
            .WithUserNetwork()
            .WithSystemInfo("manufacturer", "VeilorQA")
            .WithSystemInfo("product", "reference-guest")
            // An empty sku is refused by the spec; "veilorqa" alone is the documented no-fault word (FAULTS.md).
            .WithSystemInfo("sku", "veilorqa")
            .Build();
        vm = VirtualMachine.Create(connection, spec, files);
        console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(files.SerialSocketPath))
        {
            TranscriptPath = Path.Combine(files.Directory, "serial-console.transcript"),
        });
        shell = new SshShell(new SshShellOptions("127.0.0.1", vm.SshPort!.Value, "root")
        {
            PrivateKeyFile = build.SshPrivateKey,
            TrustHostKeyOnFirstUse = true,
        });

        var clock = Stopwatch.StartNew();
        await vm.PowerOnAsync();
        await UnlockAndConnectAsync("first boot");
        TestContext.Progress.WriteLine($"step first boot: {clock.Elapsed.TotalSeconds:0.0} s to SSH");
    }

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        if (shell is not null)
        {
            await shell.DisposeAsync();
        }

        if (console is not null)
        {
            await console.DisposeAsync();
        }

        if (vm is not null)
        {
            await vm.DisposeAsync();
            connection.ListAll().Select(d => d.Name).Should().NotContain(vm.Name, "the domain was destroyed");
        }
        else if (files is not null)
        {
            await files.DisposeAsync();
        }

        if (files is not null)
        {
            Directory.Exists(files.Directory).Should().BeFalse("the overlay, NVRAM copy, sockets and logs were removed");
        }

        connection?.Dispose();
    }

    [Test]
    public async Task The_guest_updates_to_version_2_rolls_back_to_version_1_and_undeploys_version_2()
    {
        // One VM, one sequence: each step needs the guest state the previous one left; a failure names its step.
        await StepAsync("first boot runs v1", The_first_boot_runs_version_1);
        await StepAsync("delta applies and stages v2", The_delta_applies_and_stages_version_2);
        await StepAsync("reboot boots v2 with v1 as rollback", After_a_reboot_version_2_is_booted_and_version_1_is_the_rollback);
        await StepAsync("next_entry=1 boots v1 again", A_one_shot_next_entry_boots_version_1_again);
        await StepAsync("undeploy leaves only v1", Undeploying_version_2_leaves_only_version_1);
    }

    private static async Task StepAsync(string step, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AssertionException($"step '{step}' failed: {e.Message}", e);
        }
    }

    private async Task The_first_boot_runs_version_1()
    {
        var clock = Stopwatch.StartNew();

        var status = await ReadStatusAsync();
        v1Marker = await VersionMarkerAsync();
        v1OstreeKarg = await OstreeKargAsync();

        status.Booted.Should().NotBeNull($"one deployment is booted ({Describe(status)})");
        v1 = status.Booted!;
        v1.Checksum.Should().Be(build.CommitV1, $"the image boots build.env's COMMIT_V1 ({Describe(status)})");
        v1Marker.Should().Be("1", "/usr/share/veilorqa/version of v1");
        status.Deployments.Should().ContainSingle($"nothing is staged before the update ({Describe(status)})");
        (await KargTargetAsync(v1OstreeKarg)).Should().EndWith($"/deploy/{Stateroot}/deploy/{build.CommitV1}.{v1.Serial}", "the ostree= karg leads to v1's deployment");
        Done("first boot", clock);
    }

    private async Task The_delta_applies_and_stages_version_2()
    {
        var clock = Stopwatch.StartNew();

        await Shell.UploadAsync(build.UpdateDelta, RemoteDelta);
        var uploaded = clock.Elapsed;
        await MustAsync("apply the delta", $"ostree static-delta apply-offline {RemoteDelta}");
        await MustAsync("stage v2", $"ostree admin deploy --stage --os={Stateroot} {updateCommit}");
        var state = (await ReadStatusAsync()).ToDeploymentState();

        updateCommit.Should().Be(build.CommitV2, "update/update.commit names build.env's COMMIT_V2");
        state.Staged.Should().NotBeNull($"v2 is staged after `ostree admin deploy --stage` ({state})");
        state.Staged!.Checksum.Should().Be(updateCommit, $"the staged deployment is the update ({state})");
        state.Booted!.Checksum.Should().Be(build.CommitV1, $"v1 stays booted until the reboot ({state})");
        TestContext.Progress.WriteLine($"step stage: upload {uploaded.TotalSeconds:0.0} s");
        Done("stage", clock);
    }

    private async Task After_a_reboot_version_2_is_booted_and_version_1_is_the_rollback()
    {
        var clock = Stopwatch.StartNew();

        await RebootAsync("reboot into v2");
        var status = await ReadStatusAsync();
        var state = status.ToDeploymentState();
        var marker = await VersionMarkerAsync();
        var karg = await OstreeKargAsync();

        state.Booted.Should().NotBeNull($"after the reboot: {state}");
        state.Booted!.Checksum.Should().Be(updateCommit, $"the staged update boots ({state})");
        state.Booted.Version.Should().Be("2", $"ostree admin status shows Version: 2 ({state})");
        marker.Should().NotBe(v1Marker).And.Be("2", "/usr/share/veilorqa/version comes from v2's /usr");
        karg.Should().NotBe(v1OstreeKarg, "the kernel command line names the new deployment");
        (await KargTargetAsync(karg)).Should().EndWith($"/deploy/{Stateroot}/deploy/{updateCommit}.{state.Booted.Serial}", "the ostree= karg leads to v2's deployment");
        v2OstreeKarg = karg;
        state.Rollback.Should().NotBeNull($"v1 is kept as the rollback ({state})");
        state.Rollback!.Checksum.Should().Be(build.CommitV1, $"the rollback is v1 ({state})");
        Done("boot v2", clock);
    }

    private async Task A_one_shot_next_entry_boots_version_1_again()
    {
        var clock = Stopwatch.StartNew();

        await MustAsync("set next_entry=1", "grub-editenv /boot/grub/grubenv set next_entry=1");
        await RebootAsync("roll back to v1");
        var status = await ReadStatusAsync();
        var marker = await VersionMarkerAsync();
        var karg = await OstreeKargAsync();

        status.Booted.Should().NotBeNull($"after the rollback reboot: {Describe(status)}");
        status.Booted!.Checksum.Should().Be(build.CommitV1, $"menu entry 1 is v1 ({Describe(status)})");
        marker.Should().Be(v1Marker, "v1's /usr is back");
        // The boot.N directory flips with every new deployment, so v1's karg is not the first boot's string: follow it.
        karg.Should().NotBe(v2OstreeKarg, "the kernel command line no longer names v2's deployment");
        (await KargTargetAsync(karg)).Should().EndWith($"/deploy/{Stateroot}/deploy/{build.CommitV1}.{status.Booted.Serial}", "the ostree= karg leads to v1's deployment");
        Done("rollback", clock);
    }

    private async Task Undeploying_version_2_leaves_only_version_1()
    {
        var clock = Stopwatch.StartNew();

        // Undeploy rewrites the grub menu now (not at shutdown like --stage), and a non-login SSH command does not read
        // /etc/profile.d, where the image sets the generator ostree's grub2 back end must run.
        await MustAsync("undeploy v2", ". /etc/profile.d/veilorqa-ostree.sh && ostree admin undeploy 0");
        var status = await ReadStatusAsync();

        status.Deployments.Should().ContainSingle($"only v1 remains ({Describe(status)})");
        status.Deployments[0].Checksum.Should().Be(build.CommitV1, Describe(status));
        status.Deployments[0].IsBooted.Should().BeTrue(Describe(status));
        Done("undeploy", clock);
    }

    private async Task RebootAsync(string step)
    {
        var clock = Stopwatch.StartNew();

        // Forget this boot's console output so only the next boot's prompt can match.
        await Console.WaitForAsync(EverythingSoFar, TimeSpan.FromSeconds(5));

        // Detached so the SSH command returns before sshd is stopped.
        await MustAsync($"{step}: request the reboot", "systemd-run --on-active=2 --no-block systemctl reboot");
        await UnlockAndConnectAsync(step);
        TestContext.Progress.WriteLine($"step {step}: reboot to SSH {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task UnlockAndConnectAsync(string step)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await Console.WaitForAsync(PassphrasePrompt, PromptTimeout);
        }
        catch (Exception e)
        {
            throw new AssertionException($"{step}: the LUKS prompt never came on the serial console: {e.Message}", e);
        }

        TestContext.Progress.WriteLine($"step {step}: LUKS prompt after {clock.Elapsed.TotalSeconds:0.0} s");
        await Console.WriteSecretLineAsync(passphrase);
        try
        {
            await Shell.ReconnectAsync(SshTimeout);
        }
        catch (Exception e)
        {
            throw new AssertionException($"{step}: SSH did not come back after the unlock: {e.Message}", e);
        }
    }

    private async Task MustAsync(string step, string command)
    {
        var result = await Shell.RunAsync(command, CommandTimeout);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"{step}: `{command}` exited {result.ExitCode}: {result.StandardError.Trim()} {result.StandardOutput.Trim()}");
        }
    }

    private async Task<OstreeAdminStatus> ReadStatusAsync() => await new DeploymentProbe(Shell).ReadOstreeAsync();

    private async Task<string> VersionMarkerAsync() =>
        (await Shell.RunAsync("cat /usr/share/veilorqa/version", CommandTimeout)).EnsureSuccess().StandardOutput.Trim();

    private async Task<string> OstreeKargAsync()
    {
        var cmdline = (await Shell.RunAsync("cat /proc/cmdline", CommandTimeout)).EnsureSuccess().StandardOutput;
        return cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SingleOrDefault(arg => arg.StartsWith("ostree=", StringComparison.Ordinal))
            ?? throw new AssertionException($"no ostree= karg in: {cmdline}");
    }

    private async Task<string> KargTargetAsync(string karg) =>
        (await Shell.RunAsync($"readlink -f {ShellQuote.Single(karg["ostree=".Length..])}", CommandTimeout)).EnsureSuccess().StandardOutput.Trim();

    private void Done(string step, Stopwatch clock)
    {
        TestContext.Progress.WriteLine($"step {step}: done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Describe(OstreeAdminStatus status) =>
        string.Join("; ", status.Deployments.Select(d =>
            $"{d.Checksum[..12]}.{d.Serial} v{d.Version}{(d.IsBooted ? " booted" : string.Empty)}{(d.IsStaged ? " staged" : string.Empty)}{(d.IsRollback ? " rollback" : string.Empty)}"));

    private SshShell Shell => shell ?? throw new InvalidOperationException("The guest never became reachable over SSH.");

    private SerialConsole Console => console ?? throw new InvalidOperationException("The serial console was never opened.");
}
