using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Watch;
using static VeilorQA.Harness.Tests.Install.Watch.InstallTranscripts;

namespace VeilorQA.Harness.Tests.Install.Watch;

public sealed class InstallWatcherPhaseTests
{
    [Test]
    public void A_stand_in_install_goes_through_every_phase_in_order_with_the_time_each_began()
    {
        var watcher = new InstallWatcher();

        watcher.Feed(HappyInstall());

        watcher.Phases.Select(p => (p.Phase, p.At, p.Line)).Should().Equal(
            (InstallPhase.Kickstart, Start.AddSeconds(14.2), "Starting installer, one moment..."),
            (InstallPhase.PreScripts, Start.AddSeconds(19.0), "Running pre-installation scripts"),
            (InstallPhase.Storage, Start.AddSeconds(20.0), "Configuring storage"),
            (InstallPhase.PayloadPull, Start.AddSeconds(27.1), "Deployment starting: " + Image),
            (InstallPhase.Deploy, Start.AddSeconds(62.0), "Deployment complete: " + Image),
            (InstallPhase.Bootloader, Start.AddSeconds(63.0), "Installing boot loader"),
            (InstallPhase.Configuration, Start.AddSeconds(66.0), "Configuring installed system"),
            (InstallPhase.PostScripts, Start.AddSeconds(67.5), "Running post-installation scripts"),
            (InstallPhase.Done, Start.AddSeconds(70.0), "Installation complete"));
        watcher.Current.Should().Be(InstallPhase.Done);
        watcher.Completed.Should().BeTrue();
        watcher.Failure.Should().BeNull();
        watcher.Ended(poweredOff: true).Should().BeNull();
    }

    [Test]
    public void Before_any_installer_line_the_install_is_booting_and_not_complete()
    {
        var watcher = new InstallWatcher();

        watcher.OnConsoleLine("[    0.000000] Linux version 6.1.0-28-amd64\r", Start);

        watcher.Current.Should().Be(InstallPhase.Booting);
        watcher.Phases.Should().BeEmpty();
        watcher.Completed.Should().BeFalse();
    }

    [Test]
    public void Phase_changes_are_raised_live_once_each_although_both_sources_announce_them()
    {
        var watcher = new InstallWatcher();
        List<InstallPhase> raised = [];
        watcher.PhaseChanged += change => raised.Add(change.Phase);

        foreach (var entry in HappyInstall())
        {
            var before = raised.Count;
            watcher.Feed([entry]);
            if (raised.Count > before)
            {
                // Raised while the line is processed, not at the end: the current phase is the one just raised.
                watcher.Current.Should().Be(raised[^1]);
            }
        }

        raised.Should().Equal(watcher.Phases.Select(p => p.Phase)).And.OnlyHaveUniqueItems().And.HaveCount(9);
    }

    [Test]
    public void Real_Anaconda_lines_on_the_virtio_port_are_read_in_both_shapes()
    {
        var watcher = new InstallWatcher();

        // The plain /tmp/anaconda.log shape and the forwarded one (FACTS.md, seen in kickstart-tests issue 1185).
        watcher.OnAnacondaLogLine("00:00:05,101 INFO anaconda.core.progress:Configuring storage", Start.AddSeconds(5));
        watcher.OnAnacondaLogLine(
            "00:00:18,652 WARNING org.fedoraproject.Anaconda.Modules.Payloads:INFO:program:Running... ostree container image deploy --sysroot=/mnt/sysimage --image=quay.io/fedora/fedora-bootc:41 --stateroot=test-stateroot --no-signature-verification",
            Start.AddSeconds(18));
        watcher.OnAnacondaLogLine("00:02:40,007 INFO anaconda:INFO:anaconda.core.progress:Installing boot loader", Start.AddSeconds(160));
        watcher.OnAnacondaLogLine("00:02:59,321 INFO anaconda:INFO:anaconda.core.progress:Installation complete", Start.AddSeconds(179));

        watcher.Phases.Select(p => p.Phase).Should().Equal(InstallPhase.Storage, InstallPhase.PayloadPull, InstallPhase.Bootloader, InstallPhase.Done);
        watcher.Phases[1].Line.Should().StartWith("Running... ostree container image deploy --sysroot=/mnt/sysimage --image=quay.io/fedora/fedora-bootc:41");
        watcher.Completed.Should().BeTrue();
    }

    [Test]
    public void Real_Anacondas_start_line_enters_the_kickstart_phase()
    {
        var watcher = new InstallWatcher();

        watcher.OnConsoleLine("anaconda 41.35-1.fc41 for Fedora Linux 41 started.", Start);

        watcher.Current.Should().Be(InstallPhase.Kickstart);
    }

    [Test]
    public void The_two_sources_interleaved_in_any_order_give_the_same_phases()
    {
        var happy = HappyInstall();
        var virtio = happy.Where(e => e.Virtio).ToList();
        var console = happy.Where(e => !e.Virtio).ToList();
        var consoleFirst = new InstallWatcher();
        var virtioFirst = new InstallWatcher();

        consoleFirst.Feed(console.Concat(virtio));
        virtioFirst.Feed(virtio.Concat(console));

        // Each order enters every phase once and in order; the line that announced it comes from whichever source was first.
        var expected = new[]
        {
            InstallPhase.Kickstart, InstallPhase.PreScripts, InstallPhase.Storage, InstallPhase.PayloadPull, InstallPhase.Deploy,
            InstallPhase.Bootloader, InstallPhase.Configuration, InstallPhase.PostScripts, InstallPhase.Done,
        };
        consoleFirst.Phases.Select(p => p.Phase).Should().Equal(expected);
        virtioFirst.Phases.Select(p => p.Phase).Should().Equal(expected.Skip(1)); // the virtio port has no "Starting installer" line
        consoleFirst.Completed.Should().BeTrue();
        virtioFirst.Completed.Should().BeTrue();
    }

    [Test]
    public void Two_threads_feeding_at_once_lose_no_line_and_keep_the_phases_in_order()
    {
        var happy = HappyInstall();
        var watcher = new InstallWatcher();

        Parallel.Invoke(
            () => watcher.Feed(happy.Where(e => e.Virtio)),
            () => watcher.Feed(happy.Where(e => !e.Virtio)));

        watcher.Phases.Select(p => p.Phase).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.Contain(InstallPhase.Done);
        watcher.LastLines(InstallWatcher.LinesKept).Should().HaveCount(happy.Count);
        watcher.Failure.Should().BeNull();
    }

    [Test]
    public void Last_lines_are_prefixed_by_their_source_in_arrival_order_without_ansi_escapes_or_carriage_returns()
    {
        var watcher = new InstallWatcher();

        watcher.Feed(HappyInstall());

        var last = watcher.LastLines(4);
        last.Should().Equal(
            "[console] Installation complete",
            "[console] Installation complete. The system will poweroff now.",
            "[anaconda] " + Virtio(71.1, "anaconda", "INFO", "anaconda.core", "end: poweroff"),
            "[console] [   71.998012] reboot: Power down");
        watcher.LastLines(InstallWatcher.LinesKept).Should().Contain("[console] [FAILED] Failed to mount sysroot.mount - /sysroot.")
            .And.OnlyContain(l => !l.Contains('\u001b') && !l.Contains('\r'));
        watcher.LastLines(0).Should().BeEmpty();
    }
}
