using System.Globalization;
using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Tests.Install.Watch;

/// <summary>
/// Install transcripts in the shapes the watcher reads: the stand-in's virtio lines (vms/installer/README.md, "Logs"; the
/// format of pyanaconda_standin/logs.py) and console lines (ANSI colours, CR LF, kernel timestamps), plus real Anaconda's.
/// </summary>
public static class InstallTranscripts
{
    public const string Image = "10.0.2.2:5000/veilor/os@sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988";

    public const string DeployCommand =
        "ostree container image deploy --sysroot=/mnt/sysimage --image=" + Image + " --transport=registry --no-signature-verification";

    public static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One entry of a transcript: which source, the line, and the second (after <see cref="Start"/>) it arrived.</summary>
    public sealed record Entry(bool Virtio, string Line, double Second)
    {
        public DateTimeOffset At => Start.AddSeconds(Second);
    }

    /// <summary>A line as the stand-in forwards it: <c>HH:MM:SS,mmm SEVERITY program:LEVEL:logger:message</c>.</summary>
    public static string Virtio(double second, string area, string level, string logger, string message)
    {
        var program = area switch
        {
            "storage" => "org.fedoraproject.Anaconda.Modules.Storage",
            "payloads" => "org.fedoraproject.Anaconda.Modules.Payloads",
            _ => "anaconda",
        };
        var severity = program == "anaconda" ? level : "WARNING";
        var stamp = Start.AddSeconds(second).ToString("HH:mm:ss,fff", CultureInfo.InvariantCulture);
        return $"{stamp} {severity} {program}:{level}:{logger}:{message}";
    }

    /// <summary>A whole successful install of the reference image, both sources, in arrival order.</summary>
    public static IReadOnlyList<Entry> HappyInstall()
    {
        List<Entry> t = [];
        void C(double s, string line) => t.Add(new Entry(false, line, s));
        void V(double s, string area, string level, string logger, string message) => t.Add(new Entry(true, Virtio(s, area, level, logger, message), s));
        void Progress(double s, string message)
        {
            V(s, "anaconda", "INFO", "anaconda.core.progress", message);
            C(s + 0.01, message);
        }

        C(0.5, "\u001b[0m\u001b[2J\u001b[01;01HBdsDxe: loading Boot0001 \"UEFI QEMU DVD-ROM QM00003 \" from PciRoot(0x0)/Pci(0x1F,0x2)/Sata(0x1,0xFFFF,0x0)\r");
        C(3.1, "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC\r");
        C(3.2, "[    0.000000] Command line: BOOT_IMAGE=/images/pxeboot/vmlinuz inst.stage2=hd:CDLABEL=VEILORQA-INST inst.cmdline inst.debug rd.shell=0 rd.emergency=poweroff inst.veilorqa.error-sleep=5 console=tty0 console=ttyS0,115200\r");
        C(9.4, "[\u001b[0;1;31mFAILED\u001b[0m] Failed to mount \u001b[0;1;39msysroot.mount\u001b[0m - /sysroot.\r");
        C(9.5, "See 'systemctl status sysroot.mount' for details.\r");
        C(12.0, "[\u001b[0;32m  OK  \u001b[0m] Reached target \u001b[0;1;39mmulti-user.target\u001b[0m - Multi-User System.\r");
        C(14.2, "Starting installer, one moment...\r");
        V(15.0, "anaconda", "INFO", "anaconda.core", "/usr/bin/anaconda BOOT_IMAGE=/images/pxeboot/vmlinuz inst.stage2=hd:CDLABEL=VEILORQA-INST inst.cmdline rd.emergency=poweroff inst.veilorqa.error-sleep=5");
        C(15.1, "anaconda 38.0-veilorqa for VeilorQA reference installer started.\r");
        V(15.3, "anaconda", "INFO", "anaconda.core", "kickstart: found ks.cfg on OEMDRV volume /dev/sr1");
        V(15.4, "anaconda", "INFO", "anaconda.core", "kickstart parsed: mode text (cmdline), 3 partitions, ostreecontainer " + Image);
        C(15.5, "Starting automated install.\r");
        Progress(19.0, "Running pre-installation scripts");
        V(19.1, "anaconda", "INFO", "anaconda.core.kickstart.scripts", "Running kickstart %pre script(s) (line 24, interpreter /bin/sh)");
        V(19.2, "anaconda", "INFO", "anaconda.core.kickstart.scripts", "All kickstart %pre script(s) have been run");
        C(19.3, "Saving storage configuration...\r");
        C(19.4, "Checking storage configuration...\r");
        Progress(20.0, "Configuring storage");
        V(20.1, "storage", "INFO", "program", "Running... wipefs -a /dev/vda");
        V(20.2, "storage", "DEBUG", "program", "Return code: 0");
        C(20.3, "Creating disklabel on /dev/vda\r");
        V(21.0, "storage", "INFO", "program", "Running... cryptsetup luksFormat --type luks2 --batch-mode --key-file=- /dev/vda3");
        V(24.0, "storage", "DEBUG", "program", "Return code: 0");
        C(24.1, "Creating luks on /dev/vda3\r");
        C(25.0, "Creating ext4 on /dev/mapper/luks-0b6c2a1e-6f7d-4c1a-9a43-2f5e8d7c9b10\r");
        Progress(27.0, "Installing.");
        Progress(27.1, "Deployment starting: " + Image);
        V(27.2, "payloads", "INFO", "packaging", "Initialize OSTree file system and repository");
        V(27.3, "payloads", "INFO", "program", "Running... ostree admin --sysroot=/mnt/sysimage init-fs /mnt/sysimage");
        V(27.4, "payloads", "DEBUG", "program", "Return code: 0");
        V(28.0, "payloads", "INFO", "program", "Running... " + DeployCommand);
        V(61.0, "payloads", "INFO", "program", "Deploying: done (14 seconds)");
        V(61.1, "payloads", "DEBUG", "program", "Return code: 0");
        Progress(62.0, "Deployment complete: " + Image);
        Progress(62.5, "Performing post-installation setup tasks");
        Progress(63.0, "Installing boot loader");
        Progress(66.0, "Configuring installed system");
        Progress(66.5, "Writing network configuration");
        Progress(66.7, "Creating users");
        Progress(67.0, "Storing configuration files and kickstarts");
        Progress(67.5, "Running post-installation scripts");
        V(67.6, "anaconda", "INFO", "anaconda.core.kickstart.scripts", "Running kickstart %post script(s) (line 31, interpreter /bin/sh)");
        Progress(70.0, "Installation complete");
        C(71.0, "Installation complete. The system will poweroff now.\r");
        V(71.1, "anaconda", "INFO", "anaconda.core", "end: poweroff");
        C(72.0, "[   71.998012] reboot: Power down\r");
        return t;
    }

    /// <summary>Feeds <paramref name="entries"/> in order.</summary>
    public static void Feed(this InstallWatcher watcher, IEnumerable<Entry> entries)
    {
        foreach (var e in entries)
        {
            if (e.Virtio)
            {
                watcher.OnAnacondaLogLine(e.Line, e.At);
            }
            else
            {
                watcher.OnConsoleLine(e.Line, e.At);
            }
        }
    }

    /// <summary>The installer's start up to the payload step (for failure transcripts that fail later).</summary>
    public static IReadOnlyList<Entry> UpToPayload() =>
        [.. HappyInstall().TakeWhile(e => !e.Line.Contains("Running... ostree container image deploy", StringComparison.Ordinal))];

    /// <summary>A multi-line message as the stand-in prints it: on the console line by line, and on the virtio port
    /// (logger <paramref name="logger"/>) line by line, console first.</summary>
    public static IEnumerable<Entry> Both(double second, string level, string logger, string text)
    {
        var lines = text.Split('\n');
        foreach (var line in lines)
        {
            yield return new Entry(false, line + "\r", second);
        }

        foreach (var line in lines)
        {
            yield return new Entry(true, Virtio(second + 0.001, "anaconda", level, logger, line), second + 0.001);
        }
    }

    /// <summary>The cmdline-mode stop notice the stand-in (and Anaconda) prints after the error text.</summary>
    public static string CmdlineStop(string message) =>
        "The installation was stopped due to an error which occurred while running in non-interactive cmdline mode. Since there cannot be any questions in cmdline mode, edit your kickstart file and retry installation.\n"
        + "The exact error message is: \n\n" + message + ".\n\nThe installer will now terminate.";
}
