using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

/// <summary>Kickstarts the checker must accept or refuse, shared by the unit tests and the stand-in agreement test.</summary>
public static class KickstartSamples
{
    public const string Passphrase = "s3cret pass";

    public static readonly string Digest = "sha256:" + new string('a', 32) + new string('5', 32);

    /// <summary>The smallest kickstart of the subset the installer takes (9 lines).</summary>
    public static readonly string Minimal = string.Join('\n',
        "text",
        "lang en_US.UTF-8",
        "part /boot/efi --fstype=efi --size=600",
        $"part / --fstype=ext4 --size=3000 --grow --encrypted --luks-version=luks2 --passphrase=\"{Passphrase}\"",
        $"ostreecontainer --url=10.0.2.2:5000/veilor/os@{Digest} --transport=registry",
        "reboot",
        "%post --nochroot",
        "echo hi",
        "%end",
        string.Empty);

    public static string TemplatePath => Path.Combine(MatrixSamples.RepositoryRoot, KickstartTemplate.RelativePath);

    public static string DevKickstartPath => Path.Combine(MatrixSamples.RepositoryRoot, "vms", "installer", "dev", "ks.cfg.in");

    public static string StandInLibrary => Path.Combine(MatrixSamples.RepositoryRoot, "vms", "installer", "rootfs", "usr", "lib", "veilorqa-anaconda");

    public const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBt/G2lrN0+NuBMN3fhLTYhvl80/wZl93IhU09QIPdPR qa@veilorqa";

    public static KickstartParameters Parameters(string passphrase = "correct horse \"battery\" $HOME 'x'", EndAction end = EndAction.Poweroff) =>
        new("10.0.2.2:5000", PinnedImageReference.Parse($"veilorqa/reference:1@{Digest}"), new Secret(passphrase), SshKey, "vda", end);

    /// <summary>The dev script's hand-made kickstart with its fields filled the way dev/install.sh fills them.</summary>
    public static string FilledDevKickstart() => File.ReadAllText(DevKickstartPath)
        .Replace("@PASSPHRASE@", "dev-passphrase", StringComparison.Ordinal)
        .Replace("@SSHKEY@", SshKey, StringComparison.Ordinal)
        .Replace("@IMAGE_URL@", $"10.0.2.2:5000/veilorqa/reference@{Digest}", StringComparison.Ordinal)
        .Replace("@REGISTRY@", "10.0.2.2:5000", StringComparison.Ordinal)
        .Replace("@END_ACTION@", "poweroff", StringComparison.Ordinal)
        .Replace("@PRE_EXTRA@", string.Empty, StringComparison.Ordinal)
        .Replace("@EXTRA@", string.Empty, StringComparison.Ordinal);

    /// <summary>One refused kickstart: what is wrong, the line the error must name, and Anaconda's reason.</summary>
    public sealed record Rejection(string Kind, string Text, int Line, string Reason)
    {
        public override string ToString() => Kind;
    }

    /// <summary><see cref="Minimal"/> with line <paramref name="number"/> (1-based) replaced by <paramref name="replacement"/> (null: removed).</summary>
    public static string ReplaceLine(int number, string? replacement)
    {
        var lines = Minimal.Split('\n').ToList();
        if (replacement is null)
        {
            lines.RemoveAt(number - 1);
        }
        else
        {
            lines[number - 1] = replacement;
        }

        return string.Join('\n', lines);
    }

    /// <summary>One sample per kind of refusal.</summary>
    public static IEnumerable<Rejection> Rejections()
    {
        yield return new("unknown command", ReplaceLine(2, "firewall --enabled"), 2, "Unknown command: firewall");
        yield return new("unknown option", ReplaceLine(1, "text --graphics"), 1, "Unexpected arguments to text command: ['--graphics']");
        yield return new("extra word", ReplaceLine(6, "reboot now"), 6, "Unexpected arguments to reboot command: ['now']");
        yield return new("bad integer value", ReplaceLine(2, "bootloader --timeout=soon"), 2, "bootloader: argument --timeout: invalid int value: 'soon'");
        yield return new("bad size value", ReplaceLine(3, "part /boot/efi --fstype=efi --size=big"), 3, "part: argument --size: invalid size 'big' (MiB expected)");
        yield return new("size with a quote in it", ReplaceLine(3, "part /boot/efi --fstype=efi --size=\"6'0\""), 3, "part: argument --size: invalid size '6'0' (MiB expected)");
        yield return new("bad choice with a quote in it", ReplaceLine(2, "clearpart --disklabel=\"it's\""), 2, "clearpart: argument --disklabel: invalid choice: \"it's\" (choose from 'gpt', 'msdos')");
        yield return new("negative size", ReplaceLine(3, "part /boot/efi --fstype=efi --size -5"), 3, "part: argument --size: invalid size '-5'");
        yield return new("bad choice", ReplaceLine(5, $"ostreecontainer --url=10.0.2.2:5000/veilor/os@{Digest} --transport=docker"), 5,
            "ostreecontainer: argument --transport: invalid choice: 'docker' (choose from 'registry', 'oci', 'oci-archive')");
        yield return new("option without its value", ReplaceLine(5, "ostreecontainer --transport=registry --url"), 5, "ostreecontainer: argument --url: expected one argument");
        yield return new("flag given a value", ReplaceLine(3, "part /boot/efi --fstype=efi --grow=yes"), 3, "part: argument --grow: ignored explicit argument 'yes'");
        yield return new("required option missing", ReplaceLine(2, "user --groups=wheel"), 2, "user: the following arguments are required: --name");
        yield return new("ostreecontainer without --url", ReplaceLine(5, "ostreecontainer --transport=registry"), 5, "ostreecontainer: the following arguments are required: --url");
        yield return new("unsupported file system", ReplaceLine(3, "part /boot/efi --fstype=vfat"), 3, "part /boot/efi: --fstype=vfat is not supported (use efi)");
        yield return new("unsupported mount point", ReplaceLine(3, "part /home --fstype=xfs"), 3, "part /home: only /, /boot and /boot/efi are supported by this installer");
        yield return new("encrypted /boot", ReplaceLine(3, "part /boot --fstype=ext4 --encrypted"), 3, "part /boot: --encrypted is supported only for /");
        yield return new("bad LUKS version", ReplaceLine(4, "part / --fstype=ext4 --encrypted --luks-version=luks3"), 4,
            "part: argument --luks-version: invalid choice: 'luks3' (choose from 'luks1', 'luks2')");
        yield return new("duplicate mount point", ReplaceLine(3, "part / --fstype=xfs"), 4, "The mount point \"/\" is already in use.");
        yield return new("static network", ReplaceLine(2, "network --bootproto=static --device=link"), 2, "network --bootproto=static is not supported by this installer (dhcp only)");
        yield return new("unclosed quote", ReplaceLine(2, "lang \"en_US.UTF-8"), 2, "Invalid quoting: No closing quotation");
        yield return new("error in a continued command", ReplaceLine(2, "bootloader --timeout=1 \\\n    --bogus"), 2, "Unexpected arguments to bootloader command: ['--bogus']");
        yield return new("no ostreecontainer", ReplaceLine(5, null), 8, "No installation source: this installer needs an ostreecontainer command");
        yield return new("no part /", ReplaceLine(4, null), 8, "No part / line: this installer has no automatic partitioning");
        yield return new("%post without %end", ReplaceLine(9, "# forgot the end"), 7, "Section %post does not end with %end.");
        yield return new("section opened inside a section", ReplaceLine(9, "%pre"), 7, "Section %post does not end with %end.");
        yield return new("%packages section", Minimal + "%packages\n@core\n%end\n", 10, "Unknown kickstart section: %packages");
        yield return new("%end outside a section", ReplaceLine(2, "%end"), 2, "Unexpected %end outside a section.");
        yield return new("unknown script option", ReplaceLine(7, "%post --chroot"), 7, "Unexpected arguments to %post command: ['--chroot']");
        yield return new("--nochroot on %pre", Minimal + "%pre --nochroot\necho\n%end\n", 10, "Unexpected arguments to %pre command: ['--nochroot']");
    }
}
