using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Watch;
using VeilorQA.Harness.Security;
using static VeilorQA.Harness.Tests.Install.Watch.InstallTranscripts;

namespace VeilorQA.Harness.Tests.Install.Watch;

public sealed class InstallWatcherVerdictTests
{
    [Test]
    public void Harmless_lines_that_look_like_errors_are_not_failures()
    {
        var kickstart = InstallWatcherFailureTests.WithLine(7,
            "%onerror\necho \"storage configuration failed: see /tmp/storage.log\" > /dev/ttyS0\n%end\n"
            + "%post\ncat > /etc/issue.d/qa.issue <<'EOF'\nOut of memory: never seen on this image\nEOF\n%end");
        var watcher = new InstallWatcher(kickstart);

        // The happy transcript already holds the initramfs's "[FAILED] Failed to mount sysroot.mount" (README, "Known
        // blemishes") and "rd.emergency=poweroff inst.veilorqa.error-sleep=5" on the kernel and anaconda command lines.
        watcher.Feed(HappyInstall().TakeWhile(e => !e.Line.Contains("Installation complete", StringComparison.Ordinal)));
        // The kickstart echoed back (inst.debug, a %pre that cats it): its %onerror line, verbatim.
        watcher.OnConsoleLine("echo \"storage configuration failed: see /tmp/storage.log\" > /dev/ttyS0", Start.AddSeconds(68));
        watcher.OnConsoleLine("Out of memory: never seen on this image\r", Start.AddSeconds(68));
        // Lines that only mention a failure text, and a failing %post without --erroronfail (logged, not fatal).
        watcher.OnConsoleLine("+ grep -q 'Traceback (most recent call last)' /tmp/anaconda.log", Start.AddSeconds(68));
        watcher.OnConsoleLine("+ grep -c 'storage configuration failed:' /tmp/storage.log", Start.AddSeconds(68));
        watcher.OnAnacondaLogLine(Virtio(68.1, "anaconda", "INFO", "program", "0 lines matched 'Out of memory:' or 'Call Trace:'"), Start.AddSeconds(68));
        watcher.OnConsoleLine("[   68.2] systemd[1]: Starting error-handler.service - Run %onerror if anything failed...", Start.AddSeconds(68));
        watcher.OnAnacondaLogLine(Virtio(68.3, "anaconda", "ERROR", "anaconda.core.kickstart.scripts", "Error code 1 running the kickstart script at line 31"), Start.AddSeconds(68));
        watcher.OnAnacondaLogLine(Virtio(68.4, "anaconda", "INFO", "anaconda.core", "kernel arguments: rd.emergency=poweroff inst.veilorqa.error-sleep=5 (no error)"), Start.AddSeconds(68));

        watcher.Failure.Should().BeNull();
        watcher.Feed(HappyInstall().SkipWhile(e => !e.Line.Contains("Installation complete", StringComparison.Ordinal)));
        watcher.Ended(poweredOff: true).Should().BeNull();
    }

    [Test]
    public void The_cmdline_stop_notice_alone_is_context_but_explains_an_end_without_a_known_error()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());

        watcher.Feed(Both(40, "ERROR", "anaconda.core", CmdlineStop("Something new went wrong in the payload module")));

        watcher.Failure.Should().BeNull();
        var verdict = watcher.Ended(poweredOff: true)!;
        verdict.Kind.Should().Be(InstallFailureKind.EndedWithoutCompletion);
        verdict.Explanation.Should().StartWith("the installer powered off in phase PayloadPull (entered at 09:00:27 by \"Deployment starting: ")
            .And.EndWith("after an error in a form this watcher does not know: Something new went wrong in the payload module.");
    }

    [Test]
    public void A_vm_that_stops_without_completion_or_a_known_error_ends_with_the_phase_and_the_last_lines()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(HappyInstall().TakeWhile(e => !e.Line.Contains("Installing boot loader", StringComparison.Ordinal)));
        watcher.OnConsoleLine("[   64.100000] reboot: Restarting system\r", Start.AddSeconds(64));

        var verdict = watcher.Ended(poweredOff: false)!;

        verdict.Kind.Should().Be(InstallFailureKind.EndedWithoutCompletion);
        verdict.Explanation.Should().Be(
            "the installer rebooted in phase Deploy (entered at 09:01:02 by \"Deployment complete: " + Image + "\") without \"Installation complete\" "
            + "and without a recognised error; last line: [console] [   64.100000] reboot: Restarting system");
        verdict.Evidence.Should().HaveCount(InstallWatcher.EvidenceLimit).And.EndWith("[console] [   64.100000] reboot: Restarting system")
            .And.Equal(watcher.LastLines(InstallWatcher.EvidenceLimit));
    }

    [Test]
    public void A_time_out_names_the_phase_it_was_stuck_in_and_the_last_lines()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());
        watcher.OnAnacondaLogLine(Virtio(28, "payloads", "INFO", "program", "Running... " + DeployCommand), Start.AddSeconds(28));

        var verdict = watcher.TimedOut(TimeSpan.FromMinutes(30));

        verdict.Kind.Should().Be(InstallFailureKind.Timeout);
        verdict.Explanation.Should().Be(
            $"the install did not end within 30 min: stuck in phase PayloadPull (entered at 09:00:27 by \"Deployment starting: {Image}\"); "
            + $"last line: [anaconda] {Virtio(28, "payloads", "INFO", "program", "Running... " + DeployCommand)}");
        verdict.Evidence.Should().Equal(watcher.LastLines(InstallWatcher.EvidenceLimit));
    }

    [Test]
    public void A_time_out_before_any_line_says_nothing_was_seen()
    {
        var verdict = new InstallWatcher().TimedOut(TimeSpan.FromSeconds(90));

        verdict.Explanation.Should().Be("the install did not end within 1.5 min: stuck in phase Booting (no installer line seen); last line: (no line seen from either source)");
        verdict.Evidence.Should().BeEmpty();
    }

    [Test]
    public void A_time_out_after_a_recognised_error_is_that_error_and_after_completion_says_the_vm_did_not_stop()
    {
        var failed = new InstallWatcher();
        failed.OnConsoleLine("storage configuration failed: Unable to allocate requested partition scheme.", Start);
        var completed = new InstallWatcher();
        completed.Feed(HappyInstall());

        failed.TimedOut(TimeSpan.FromMinutes(30)).Kind.Should().Be(InstallFailureKind.Storage);
        completed.TimedOut(TimeSpan.FromMinutes(30)).Explanation.Should().StartWith(
            "the install announced \"Installation complete\" but the VM did not power off or reboot within 30 min");
    }

    [Test]
    public void A_kernel_warning_before_completion_is_kept_as_a_warning_and_none_is_recognised_after_completion()
    {
        var oopsFirst = new InstallWatcher();
        oopsFirst.Feed(UpToPayload());
        oopsFirst.OnConsoleLine("[   40.1] WARNING: CPU: 0 PID: 812 at fs/ext4/inode.c:5173 ext4_evict_inode+0x5e/0x620 [ext4]", Start.AddSeconds(40));
        oopsFirst.OnConsoleLine("[   40.2] Call Trace:", Start.AddSeconds(40));
        oopsFirst.Feed(HappyInstall().SkipWhile(e => !e.Line.Contains("Deployment complete", StringComparison.Ordinal)));
        var doneFirst = new InstallWatcher();
        doneFirst.Feed(HappyInstall());
        doneFirst.OnConsoleLine("[   72.1] Call Trace:", Start.AddSeconds(72));

        oopsFirst.Completed.Should().BeTrue();
        oopsFirst.Ended(poweredOff: true).Should().BeNull("the installer completed; the kernel's warning is for the health suite to judge");
        oopsFirst.Warning!.Explanation.Should().Be(
            "kernel: a call trace after \"WARNING: CPU: 0 PID: 812 at fs/ext4/inode.c:5173 ext4_evict_inode+0x5e/0x620 [ext4]\"");
        doneFirst.Failure.Should().BeNull();
        doneFirst.Warning.Should().BeNull();
        doneFirst.Ended(poweredOff: true).Should().BeNull();
    }

    [Test]
    public void Secrets_never_reach_the_lines_the_phases_or_the_explanations()
    {
        var passphrase = new Secret("Wat3rmelon-" + Guid.NewGuid().ToString("N"));
        Redactor.Global.Register(passphrase);
        var value = passphrase.Reveal();
        var partLine = $"part / --fstype=ext4 --size=3000 --grow --encrypted --luks-version=luks2 --passphrase=\"{value}\"";
        var kickstart = InstallWatcherFailureTests.WithLine(7, $"firewall --enabled --comment={value}").Replace(
            Kickstart.KickstartSamples.Passphrase, value, StringComparison.Ordinal);
        var watcher = new InstallWatcher(kickstart);
        List<PhaseChange> raised = [];
        watcher.PhaseChanged += raised.Add;

        watcher.OnConsoleLine($"Starting installer, one moment... {value}", Start);
        watcher.OnConsoleLine(partLine, Start);
        watcher.OnAnacondaLogLine(Virtio(15, "storage", "INFO", "program", $"Running... cryptsetup luksOpen /dev/vda3 --key={value}"), Start);
        watcher.Feed(Both(16, "ERROR", "anaconda.core.kickstart", $"The following problem occurred on line 7 of the kickstart file:\n\nUnknown command: firewall ({value})\n"));

        var failure = watcher.Failure!;
        var everything = watcher.LastLines(InstallWatcher.LinesKept)
            .Concat(failure.Evidence).Append(failure.Explanation).Append(failure.ToString())
            .Concat(watcher.Phases.Select(p => p.Line)).Concat(raised.Select(p => p.Line))
            .Concat(watcher.TimedOut(TimeSpan.FromMinutes(1)).Evidence).Concat(watcher.Ended(poweredOff: true)!.Evidence)
            .ToList();
        everything.Should().NotContain(l => l.Contains(value, StringComparison.Ordinal));
        failure.Explanation.Should().Be($"kickstart: the installer refused line 7: Unknown command: firewall ({Secret.Mask}) (line 7: firewall --enabled --comment={Secret.Mask})");
        watcher.LastLines(InstallWatcher.LinesKept).Should().Contain($"[console] Starting installer, one moment... {Secret.Mask}");
        // A --passphrase value is masked by its option even where the secret is not registered (Anaconda's own mask).
        var unregistered = new InstallWatcher("part / --fstype=ext4 --encrypted --passphrase=unregistered-7 --bogus");
        unregistered.OnConsoleLine("The following problem occurred on line 1 of the kickstart file: part: unrecognized arguments: --bogus", Start);
        unregistered.OnConsoleLine("part / --fstype=ext4 --encrypted --passphrase=unregistered-7 --bogus", Start);
        unregistered.Failure!.Explanation.Should().Be(
            "kickstart: the installer refused line 1: part: unrecognized arguments: --bogus (line 1: part / --fstype=ext4 --encrypted --passphrase=******** --bogus)");
        unregistered.LastLines(2).Should().NotContain(l => l.Contains("unregistered-7", StringComparison.Ordinal));
    }
}
