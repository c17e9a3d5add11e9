using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Watch;
using static VeilorQA.Harness.Tests.Install.Watch.InstallTranscripts;

namespace VeilorQA.Harness.Tests.Install.Watch;

public sealed class InstallWatcherFailureTests
{
    private const string PayloadFatal = "The following error occurred while installing the payload. This is a fatal error and installation will be aborted.";

    private static readonly string DescribedDeploy = $"'ostree container image deploy' (image {Image})";

    public sealed record PayloadSample(string Name, string Output, string Reason)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<PayloadSample> PayloadSamples() =>
    [
        new("tag or digest not in the registry",
            "error: Performing deployment: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: manifest unknown",
            "manifest unknown"),
        new("registry unreachable",
            "error: Performing deployment: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: pinging container registry 10.0.2.2:1: Get \"http://10.0.2.2:1/v2/\": dial tcp 10.0.2.2:1: connect: connection refused",
            "pinging container registry 10.0.2.2:1: Get \"http://10.0.2.2:1/v2/\": dial tcp 10.0.2.2:1: connect: connection refused"),
        new("corrupt blob",
            "error: Performing deployment: Importing: Unencapsulating base: writing blob: blob sha256:9c3a1b: Digest did not match, expected sha256:9c3a1b, got sha256:0d44e1",
            "writing blob: blob sha256:9c3a1b: Digest did not match, expected sha256:9c3a1b, got sha256:0d44e1"),
        new("digest the registry does not serve",
            "error: Performing deployment: Creating importer: manifest digest mismatch: asked for sha256:1f2e, got sha256:77aa",
            "manifest digest mismatch: asked for sha256:1f2e, got sha256:77aa"),
    ];

    [TestCaseSource(nameof(PayloadSamples))]
    public void A_failed_image_pull_names_the_command_its_exit_code_and_the_reason_from_its_output(PayloadSample sample)
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());
        watcher.Feed(PayloadFailure(sample.Output));

        var failure = watcher.Failure;

        failure.Should().NotBeNull();
        failure!.Kind.Should().Be(InstallFailureKind.Payload);
        failure.Explanation.Should().Be($"payload: {DescribedDeploy} exited with code 1: {sample.Reason}");
        failure.Evidence.Should().ContainInOrder("Running... " + DeployCommand, sample.Output, PayloadFatal, $"The command '{DeployCommand}' exited with the code 1:")
            .And.OnlyHaveUniqueItems()
            .And.NotContain(l => l.Contains("%onerror", StringComparison.Ordinal) || l.Contains("stopped due to an error", StringComparison.Ordinal));
        watcher.Current.Should().Be(InstallPhase.PayloadPull);
        watcher.Ended(poweredOff: true).Should().Be(failure);
    }

    [Test]
    public void A_payload_error_without_the_command_in_its_text_takes_the_command_from_program_log()
    {
        var watcher = new InstallWatcher();

        watcher.OnAnacondaLogLine(Virtio(28, "payloads", "INFO", "program", "Running... " + DeployCommand), Start.AddSeconds(28));
        watcher.OnAnacondaLogLine(Virtio(29, "payloads", "INFO", "program", "error: Performing deployment: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: manifest unknown"), Start.AddSeconds(29));
        watcher.OnAnacondaLogLine(Virtio(29.1, "payloads", "DEBUG", "program", "Return code: 1"), Start.AddSeconds(29.1));
        watcher.OnAnacondaLogLine(Virtio(29.2, "anaconda", "ERROR", "anaconda.core", PayloadFatal), Start.AddSeconds(29.2));

        watcher.Failure!.Explanation.Should().Be($"payload: {DescribedDeploy} exited with code 1: manifest unknown");
        watcher.Failure.Evidence.Should().StartWith("Running... " + DeployCommand);
    }

    [Test]
    public void A_command_that_failed_and_was_followed_by_a_successful_one_is_not_blamed()
    {
        var watcher = new InstallWatcher();

        watcher.OnAnacondaLogLine(Virtio(28, "payloads", "INFO", "program", "Running... ostree remote delete default"), Start);
        watcher.OnAnacondaLogLine(Virtio(28, "payloads", "DEBUG", "program", "Return code: 1"), Start);
        watcher.OnAnacondaLogLine(Virtio(29, "payloads", "INFO", "program", "Running... ostree admin os-init default"), Start);
        watcher.OnAnacondaLogLine(Virtio(29, "payloads", "DEBUG", "program", "Return code: 0"), Start);
        watcher.OnConsoleLine(PayloadFatal, Start);
        watcher.OnConsoleLine(string.Empty, Start);
        watcher.OnConsoleLine("no deployment in /mnt/sysimage/ostree/deploy/default/deploy", Start);

        watcher.Failure!.Explanation.Should().Be("payload: no deployment in /mnt/sysimage/ostree/deploy/default/deploy");
    }

    [Test]
    public void Payload_setup_error_is_a_payload_failure_with_its_reason()
    {
        var watcher = new InstallWatcher();

        watcher.OnAnacondaLogLine("00:01:02,003 ERROR anaconda:ERROR:anaconda.modules.payloads.payload.rpm_ostree:Payload setup error: Failed to pull the container image: connection refused", Start);

        watcher.Failure.Should().BeEquivalentTo(new
        {
            Kind = InstallFailureKind.Payload,
            Explanation = "payload: Failed to pull the container image: connection refused",
        });
    }

    [Test]
    public void A_kickstart_parse_error_names_the_line_number_the_reason_and_the_offending_line()
    {
        var kickstart = WithLine(6, "firewall --enabled --service=ssh");
        var watcher = new InstallWatcher(kickstart);
        watcher.OnConsoleLine("Starting installer, one moment...\r", Start);
        var text = "The following problem occurred on line 6 of the kickstart file:\n\nUnknown command: firewall\n";
        watcher.Feed(Both(15, "ERROR", "anaconda.core.kickstart", text));
        watcher.OnAnacondaLogLine(Virtio(15.1, "anaconda", "ERROR", "anaconda.core", "kickstart parse error: installation aborted"), Start.AddSeconds(15.1));
        watcher.OnConsoleLine("Installation failed (kickstart). The system will power off in 10 seconds.\r", Start.AddSeconds(15.2));

        var failure = watcher.Failure!;

        failure.Kind.Should().Be(InstallFailureKind.KickstartParse);
        failure.Explanation.Should().Be("kickstart: the installer refused line 6: Unknown command: firewall (line 6: firewall --enabled --service=ssh)");
        failure.Evidence.Should().Equal("The following problem occurred on line 6 of the kickstart file:", "Unknown command: firewall");
        watcher.Current.Should().Be(InstallPhase.Kickstart);
    }

    [Test]
    public void A_kickstart_parse_error_on_one_line_without_the_kickstart_still_names_line_and_reason()
    {
        var watcher = new InstallWatcher();

        watcher.OnConsoleLine("The following problem occurred on line 12 of the kickstart file: Unknown command: bootc", Start);

        watcher.Failure!.Explanation.Should().Be("kickstart: the installer refused line 12: Unknown command: bootc");
    }

    [Test]
    public void No_kickstart_is_its_own_failure()
    {
        var watcher = new InstallWatcher();

        watcher.Feed(Both(20, "ERROR", "anaconda.core", "No kickstart found (inst.ks= or an OEMDRV volume with /ks.cfg): this installer has no interactive mode"));

        watcher.Failure!.Kind.Should().Be(InstallFailureKind.NoKickstart);
        watcher.Failure.Explanation.Should().Be("kickstart: none was read: No kickstart found (inst.ks= or an OEMDRV volume with /ks.cfg): this installer has no interactive mode");
    }

    [Test]
    public void A_storage_failure_says_what_storage_could_not_do()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload().TakeWhile(e => !e.Line.Contains("Creating disklabel", StringComparison.Ordinal)));
        const string message = "storage configuration failed: Unable to allocate requested partition scheme.";
        watcher.OnAnacondaLogLine(Virtio(20.5, "storage", "ERROR", "blivet", message), Start.AddSeconds(20.5));
        watcher.OnAnacondaLogLine(Virtio(20.5, "anaconda", "ERROR", "anaconda.modules.storage", message), Start.AddSeconds(20.5));
        watcher.Feed(Both(20.6, "ERROR", "anaconda.core", message));
        watcher.Feed(Both(20.7, "ERROR", "anaconda.core", CmdlineStop(message)));

        var failure = watcher.Failure!;

        failure.Kind.Should().Be(InstallFailureKind.Storage);
        failure.Explanation.Should().Be("storage: configuring the disk failed: Unable to allocate requested partition scheme.");
        failure.Evidence.Should().Equal(message);
        watcher.Current.Should().Be(InstallPhase.Storage);
    }

    [Test]
    public void A_boot_loader_failure_gives_its_reason_and_says_the_disk_will_not_boot()
    {
        var watcher = new InstallWatcher();

        watcher.Feed(Both(63, "ERROR", "anaconda.core",
            "The following error occurred while installing the boot loader. The system will not be bootable.\n\nfailed to write boot loader configuration: the image has no /usr/lib/bootupd/updates/EFI"));
        watcher.Feed(Both(63.1, "ERROR", "anaconda.core", CmdlineStop("failed to write boot loader configuration: the image has no /usr/lib/bootupd/updates/EFI")));

        watcher.Failure!.Kind.Should().Be(InstallFailureKind.Bootloader);
        watcher.Failure.Explanation.Should().Be(
            "boot loader: installing it failed, the disk will not boot: failed to write boot loader configuration: the image has no /usr/lib/bootupd/updates/EFI");
    }

    [Test]
    public void A_failed_erroronfail_script_names_its_line_its_exit_code_and_its_last_output_line()
    {
        var watcher = new InstallWatcher();
        watcher.OnAnacondaLogLine(Virtio(68, "anaconda", "ERROR", "anaconda.core.kickstart.scripts", "Error code 3 running the kickstart script at line 31"), Start.AddSeconds(68));
        var text = "There was an error running the kickstart script at line 31. This is a fatal error and installation will be aborted. The details of this error are:\n\n"
                   + "+ test -s /etc/veilor-release\nveilor: /etc/veilor-release is missing";
        watcher.Feed(Both(68.1, "ERROR", "anaconda.core", text));
        watcher.Feed(Both(68.2, "ERROR", "anaconda.core", CmdlineStop(text)));
        watcher.OnConsoleLine("The installer has run %onerror script(s)", Start.AddSeconds(69));

        var failure = watcher.Failure!;

        failure.Kind.Should().Be(InstallFailureKind.Script);
        failure.Explanation.Should().Be("kickstart script: the script at line 31 failed with exit code 3: veilor: /etc/veilor-release is missing");
        failure.Evidence.Should().HaveCount(3).And.EndWith("veilor: /etc/veilor-release is missing");
    }

    [Test]
    public void An_installer_traceback_names_the_exception_and_where_it_was_raised()
    {
        var watcher = new InstallWatcher();
        string[] traceback =
        [
            "Traceback (most recent call last):",
            "Traceback (most recent call last):",
            "  File \"/usr/lib/veilorqa-anaconda/pyanaconda_standin/main.py\", line 331, in main",
            "    configure_system(ks, lay)",
            "  File \"/usr/lib/veilorqa-anaconda/pyanaconda_standin/main.py\", line 190, in configure_system",
            "    fields = home.strip().splitlines()[-1].split(\":\")",
            "IndexError: list index out of range",
        ];
        foreach (var line in traceback)
        {
            watcher.OnAnacondaLogLine(Virtio(66.2, "anaconda", "CRIT", "anaconda.core", line), Start.AddSeconds(66.2));
        }

        watcher.Feed(Both(66.3, "ERROR", "anaconda.core", "IndexError: list index out of range"));

        var failure = watcher.Failure!;
        failure.Kind.Should().Be(InstallFailureKind.Traceback);
        failure.Explanation.Should().Be(
            "installer crash: a Python traceback: IndexError: list index out of range (File \"/usr/lib/veilorqa-anaconda/pyanaconda_standin/main.py\", line 190, in configure_system)");
        failure.Evidence.Should().HaveCount(6);
    }

    [Test]
    public void A_real_anaconda_traceback_forwarded_by_rsyslog_on_one_line_is_split_at_its_escaped_newlines()
    {
        var watcher = new InstallWatcher();

        watcher.OnAnacondaLogLine(
            "00:03:11,870 CRIT anaconda:CRIT:anaconda.core:Traceback (most recent call last):#012  File \"/usr/lib64/python3.13/site-packages/pyanaconda/core/threads.py\", line 280, in run#012    threading.Thread.run(self)#012dasbus.error.DBusError: 'NoneType' object has no attribute 'get_deployment'",
            Start);

        watcher.Failure!.Explanation.Should().Be(
            "installer crash: a Python traceback: dasbus.error.DBusError: 'NoneType' object has no attribute 'get_deployment' (File \"/usr/lib64/python3.13/site-packages/pyanaconda/core/threads.py\", line 280, in run)");
    }

    [Test]
    public void A_crash_on_a_signal_is_an_installer_crash()
    {
        var watcher = new InstallWatcher();

        watcher.OnConsoleLine("anaconda crashed on signal 11", Start);

        watcher.Failure.Should().BeEquivalentTo(new { Kind = InstallFailureKind.Traceback, Explanation = "installer crash: anaconda crashed on signal 11" });
    }

    [Test]
    public void Out_of_memory_names_the_process_the_kernel_killed()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());

        watcher.OnConsoleLine("[  412.113207] Out of memory: Killed process 1287 (skopeo) total-vm:2458220kB, anon-rss:1803344kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:3712kB oom_score_adj:0\r", Start.AddSeconds(412));

        watcher.Failure.Should().BeNull("an OOM kill does not end an installer by itself");
        watcher.Warning!.Kind.Should().Be(InstallFailureKind.OutOfMemory);
        watcher.Warning.Explanation.Should().Be("out of memory: the kernel killed process 1287 (skopeo); give the VM more memory or find what grew");
        watcher.Warning.Evidence.Should().ContainSingle().Which.Should().StartWith("Out of memory: Killed process 1287 (skopeo)");
        watcher.Ended(poweredOff: true).Should().Be(watcher.Warning, "the installer stopped without an error of its own: the OOM kill explains it");
    }

    [Test]
    public void A_kernel_call_trace_names_the_bug_line_before_it_and_keeps_the_trace()
    {
        var watcher = new InstallWatcher();
        string[] oops =
        [
            "[  201.554120] BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "[  201.554380] #PF: supervisor read access in kernel mode",
            "[  201.555012] Oops: 0000 [#1] PREEMPT SMP NOPTI",
            "[  201.555520] CPU: 1 PID: 1290 Comm: mkfs.ext4 Not tainted 6.1.0-28-amd64 #1  Debian 6.1.119-1",
            "[  201.556001] RIP: 0010:ext4_fill_super+0x1c2/0x2f90 [ext4]",
            "[  201.556900] Call Trace:",
            "[  201.556950]  <TASK>",
            "[  201.557002]  ? __die+0x23/0x70",
            "[  201.557100]  mount_bdev+0x190/0x1d0",
            "[  201.559000]  </TASK>",
            "[  201.559100] ---[ end trace 0000000000000000 ]---",
            "[  201.559200] note: mkfs.ext4[1290] exited with irqs disabled",
        ];

        foreach (var line in oops)
        {
            watcher.OnConsoleLine(line + "\r", Start.AddSeconds(201));
        }

        watcher.Failure.Should().BeNull();
        var failure = watcher.Warning!;
        failure.Kind.Should().Be(InstallFailureKind.KernelCallTrace);
        failure.Explanation.Should().Be("kernel: a call trace after \"BUG: kernel NULL pointer dereference, address: 0000000000000008\"");
        failure.Evidence.Should().Equal(
            "BUG: kernel NULL pointer dereference, address: 0000000000000008", "Call Trace:", "<TASK>", "? __die+0x23/0x70", "mount_bdev+0x190/0x1d0", "</TASK>",
            "---[ end trace 0000000000000000 ]---");
    }

    [Test]
    public void An_installer_error_after_a_kernel_call_trace_is_what_explains_the_install()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());
        watcher.OnConsoleLine("[  301.1] watchdog: BUG: soft lockup - CPU#0 stuck for 23s! [skopeo:1290]\r", Start.AddSeconds(301));
        watcher.OnConsoleLine("[  301.2] Call Trace:\r", Start.AddSeconds(301));
        watcher.OnConsoleLine("[  301.3]  <TASK>\r", Start.AddSeconds(301));
        watcher.Feed(PayloadFailure("error: Performing deployment: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: manifest unknown"));

        watcher.Failure!.Kind.Should().Be(InstallFailureKind.Payload);
        watcher.Failure.Explanation.Should().EndWith("manifest unknown");
        watcher.Warning!.Kind.Should().Be(InstallFailureKind.KernelCallTrace);
        watcher.Ended(poweredOff: true)!.Kind.Should().Be(InstallFailureKind.Payload);
    }

    [Test]
    public void A_kernel_call_trace_before_installation_complete_leaves_a_completed_install()
    {
        var watcher = new InstallWatcher();
        watcher.OnConsoleLine("[  301.1] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [systemd:1]\r", Start.AddSeconds(301));
        watcher.OnConsoleLine("[  301.2] Call Trace:\r", Start.AddSeconds(301));
        watcher.Feed(HappyInstall());

        watcher.Failure.Should().BeNull();
        watcher.Warning!.Explanation.Should().Contain("soft lockup");
        watcher.Ended(poweredOff: true).Should().BeNull();
    }

    [Test]
    public void A_timeout_names_the_kernel_warning_seen_before_it()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());
        watcher.OnConsoleLine("[  412.1] Out of memory: Killed process 1287 (skopeo) total-vm:2458220kB\r", Start.AddSeconds(412));

        var failure = watcher.TimedOut(TimeSpan.FromMinutes(40));

        failure.Kind.Should().Be(InstallFailureKind.Timeout);
        failure.Explanation.Should().StartWith("the install did not end within 40 min: stuck in phase").And.EndWith("; earlier, out of memory: the kernel killed process 1287 (skopeo); give the VM more memory or find what grew");
    }

    [Test]
    public void Only_the_first_fatal_error_counts_and_onerror_output_does_not_replace_it()
    {
        var watcher = new InstallWatcher();
        watcher.Feed(UpToPayload());
        watcher.Feed(PayloadFailure("error: Performing deployment: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: manifest unknown"));

        // An %onerror script that prints the installer's logs back on the console.
        watcher.OnConsoleLine("storage configuration failed: Unable to allocate requested partition scheme.", Start.AddSeconds(100));
        watcher.OnConsoleLine("Traceback (most recent call last):", Start.AddSeconds(100));
        watcher.OnConsoleLine("[  412.1] Call Trace:", Start.AddSeconds(100));

        watcher.Failure!.Kind.Should().Be(InstallFailureKind.Payload);
        watcher.Failure.Explanation.Should().EndWith("manifest unknown");
        watcher.Failure.Evidence.Should().NotContain(l => l.Contains("storage configuration", StringComparison.Ordinal) || l.Contains("Traceback", StringComparison.Ordinal));
    }

    [Test]
    public void Evidence_stops_at_twenty_lines()
    {
        var watcher = new InstallWatcher();
        var output = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"ostree: output line {i}"));

        watcher.Feed(Both(30, "ERROR", "anaconda.core", $"{PayloadFatal}\n\nThe command '{DeployCommand}' exited with the code 1:\n{output}"));

        watcher.Failure!.Evidence.Should().HaveCount(InstallWatcher.EvidenceLimit).And.StartWith(PayloadFatal);
        // The explanation still reads the command's last line: the reason is at the end of ostree's output.
        watcher.Failure.Explanation.Should().Be($"payload: {DescribedDeploy} exited with code 1: ostree: output line 40");
    }

    /// <summary>What the stand-in prints when the deploy command fails (main.py fail(), program.py CommandError).</summary>
    internal static IEnumerable<Entry> PayloadFailure(string output)
    {
        yield return new Entry(true, Virtio(28, "payloads", "INFO", "program", "Running... " + DeployCommand), 28);
        yield return new Entry(true, Virtio(29, "payloads", "INFO", "program", output), 29);
        yield return new Entry(true, Virtio(29.1, "payloads", "DEBUG", "program", "Return code: 1"), 29.1);
        var message = $"The command '{DeployCommand}' exited with the code 1:\n{output}";
        foreach (var entry in Both(29.2, "ERROR", "anaconda.core", $"{PayloadFatal}\n\n{message}"))
        {
            yield return entry;
        }

        foreach (var entry in Both(29.3, "ERROR", "anaconda.core", CmdlineStop(message)))
        {
            yield return entry;
        }

        yield return new Entry(true, Virtio(29.4, "anaconda", "INFO", "anaconda.core.kickstart.scripts", "Running kickstart %onerror script(s) (line 40, interpreter /bin/sh)"), 29.4);
        yield return new Entry(false, "The installer has run %onerror script(s)\r", 29.5);
        yield return new Entry(false, "Installation failed (payload). The system will power off in 5 seconds.\r", 29.6);
    }

    /// <summary><see cref="Kickstart.KickstartSamples.Minimal"/> with <paramref name="line"/> inserted as line <paramref name="number"/>.</summary>
    internal static string WithLine(int number, string line)
    {
        var lines = Kickstart.KickstartSamples.Minimal.Split('\n').ToList();
        lines.Insert(number - 1, line);
        return string.Join('\n', lines);
    }
}
