using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Health;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Install (issue 11): the run installs its target from the installer ISO and the OCI image it pushed, through the
/// kickstart, and judges the install — completed without a fatal error; after a failure, the disk boots nothing; the
/// system boots from its disk, runs the pushed image by digest, has the kickstart's layout with a LUKS2 root, keeps
/// Anaconda's logs, and its first boot is healthy. Every other suite of the run then runs on the installed system.
/// </summary>
[ReleaseSuite("install")]
[Order(0)]
public sealed partial class InstallSuite : TargetFixture
{
    /// <summary>How long a failed install's disk is watched when booted alone (OVMF reports "no bootable device" in well under a minute under TCG).</summary>
    private static readonly TimeSpan DiskAloneLimit = TimeSpan.FromMinutes(3);

    private static readonly string[] AnacondaLogs = ["anaconda.log", "program.log", "storage.log", "packaging.log"];

    protected override bool ReadiesTargetItself => true;

    /// <summary>
    /// The install completed without a fatal error. When it did not, the disk it leaves is booted alone too, and the
    /// failure message says what that boot showed: a failed install must leave nothing bootable, and the install fault
    /// proofs' <c>expect:</c> requires "started nothing", so a disk that still boots fails its proof.
    /// </summary>
    [Test, Order(1)]
    public async Task The_install_completed_without_a_fatal_error_and_a_failed_one_leaves_nothing_bootable()
    {
        var installation = Require<IInstallation>();
        var outcome = await Report.StepAsync("install from the ISO with the kickstart (watching Anaconda's log and the console)", () => installation.InstallAsync());
        AttachInstall(outcome);
        Report.Parameter("install time", $"{outcome.Elapsed.TotalSeconds:0} s");
        if (outcome.Succeeded)
        {
            return;
        }

        var seen = await Report.StepAsync("boot the failed install's disk alone (no ISO, no OEMDRV)", () => installation.BootDiskAloneAsync(DiskAloneLimit));
        Report.Attach("console of the disk booted alone", string.Join("\n", seen.LastLines));
        Assert.Fail(InstallFailures.Failed(outcome.Failure!, seen));
    }

    [Test, Order(2)]
    public async Task The_system_booted_from_the_installed_disk_not_from_the_installer()
    {
        await RequireInstalledSystemAsync();
        var cmdline = (await MustAsync("cat /proc/cmdline")).StandardOutput.Trim();
        var sources = (await MustAsync("findmnt -n -o SOURCE,FSTYPE /sysroot; lsblk -dn -o NAME,TYPE")).StandardOutput;
        Report.Attach("/proc/cmdline", cmdline);
        Report.Attach("/sysroot and block devices", sources);
        Assert.Multiple(() =>
        {
            Assert.That(cmdline, Does.Match(@"(^|\s)ostree=/ostree/boot"), "the kernel was not started by an ostree boot entry (no ostree= argument): " + cmdline);
            Assert.That(cmdline, Does.Not.Match(@"(^|\s)(inst\.|rd\.live|root=live:)"), "the running kernel is the installer's, not the installed system's: " + cmdline);
            Assert.That(sources, Does.Match(@"(?m)^/dev/mapper/luks-\S+\s+\w+"), "the physical root /sysroot is not on the unlocked LUKS volume: " + sources);
            Assert.That(sources, Does.Not.Match(@"\brom\b"), "an optical drive (the installer ISO) is still attached to the installed system: " + sources);
        });
    }

    [Test, Order(3)]
    public async Task The_deployment_runs_the_image_and_digest_the_run_pushed()
    {
        var installation = await RequireInstalledSystemAsync();
        var origin = (await MustAsync("cat /ostree/deploy/*/deploy/$(ostree admin status | sed -n 's/^\\* \\([^ ]*\\) \\([0-9a-f]*\\.[0-9]*\\).*/\\2/p').origin")).StandardOutput;
        Report.Attach("origin of the booted deployment", origin);
        var reference = OriginReference().Match(origin);
        Assert.That(reference.Success, Is.True, $"the booted deployment's origin names no container image (container-image-reference=…): {origin.Trim()}");
        var named = reference.Groups["ref"].Value;
        Assert.That(named, Does.EndWith("@" + installation.PushedDigest),
            $"the installed deployment comes from '{named}', not from the digest the run pushed ({installation.PushedDigest})");
        Assert.That(named, Does.Contain(installation.PushedImage.Split('@')[0]),
            $"the installed deployment comes from '{named}', not from the repository the run pushed ({installation.PushedImage})");
    }

    [Test, Order(4)]
    public async Task The_partitions_file_systems_and_LUKS2_root_match_the_kickstart()
    {
        var installation = await RequireInstalledSystemAsync();
        var kickstart = installation.Kickstart ?? throw new InconclusiveException("the install's kickstart was not parsed (a kickstart fault run)");
        var disk = kickstart.Root.OnDisk ?? "vda";
        var listing = (await MustAsync($"lsblk -J -b -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINTS,PARTTYPE /dev/{disk}")).StandardOutput;
        Report.Attach($"lsblk /dev/{disk}", listing);
        var partitions = ReadPartitions(listing);
        Assert.Multiple(() =>
        {
            foreach (var part in kickstart.Partitions)
            {
                var wanted = part.FsType == "efi" ? "vfat" : part.FsType;
                var found = part.MountPoint == "/"
                    ? partitions.FirstOrDefault(p => p.FsType == "crypto_LUKS")
                    : partitions.FirstOrDefault(p => p.Mounts.Contains(part.MountPoint));
                if (found is null)
                {
                    Assert.Fail($"kickstart line {part.Line}: no partition for {part.MountPoint} on /dev/{disk} ({Describe(partitions)})");
                    continue;
                }

                if (part.MountPoint == "/")
                {
                    Assert.That(part.Encrypted, Is.True, $"kickstart line {part.Line}: / is encrypted on disk but the kickstart did not ask for it");
                    Assert.That(found.Inner?.FsType, Is.EqualTo(wanted), $"kickstart line {part.Line}: the LUKS volume holds {found.Inner?.FsType ?? "nothing"}, not {wanted}");
                }
                else
                {
                    Assert.That(found.FsType, Is.EqualTo(wanted), $"kickstart line {part.Line}: {part.MountPoint} is {found.FsType}, not {wanted}");
                }

                if (part.SizeMiB is { } size && !part.Grow)
                {
                    Assert.That(found.Bytes / (1024.0 * 1024), Is.EqualTo(size).Within(1), $"kickstart line {part.Line}: {part.MountPoint} is {found.Bytes / (1024 * 1024)} MiB, not {size} MiB");
                }
            }
        });

        var luks = partitions.First(p => p.FsType == "crypto_LUKS");
        var dump = (await MustAsync($"cryptsetup luksDump /dev/{luks.Name} | sed -n '1,12p'")).StandardOutput;
        Report.Attach($"cryptsetup luksDump /dev/{luks.Name}", dump);
        var version = kickstart.Root.LuksVersion ?? "luks2";
        Assert.That(dump, Does.Match($@"(?m)^Version:\s*{version[^1..]}\s*$"), $"the root volume is not {version.ToUpperInvariant()}: {dump.Split('\n').FirstOrDefault(l => l.StartsWith("Version", StringComparison.Ordinal))}");
    }

    [Test, Order(5)]
    public async Task Anacondas_logs_are_kept_on_the_installed_system()
    {
        await RequireInstalledSystemAsync();
        var listing = (await RunAsync("stat -c '%a %s %n' /var/log/anaconda/* 2>&1")).StandardOutput;
        Report.Attach("/var/log/anaconda", listing);
        Assert.Multiple(() =>
        {
            foreach (var log in AnacondaLogs)
            {
                var line = Lines(listing).FirstOrDefault(l => l.EndsWith("/var/log/anaconda/" + log, StringComparison.Ordinal));
                Assert.That(line, Is.Not.Null, $"/var/log/anaconda/{log} is missing on the installed system ({listing.Trim()})");
                if (line is not null)
                {
                    var fields = line.Split(' ');
                    Assert.That(long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), $"/var/log/anaconda/{log} is empty");
                    Assert.That(fields[0], Is.EqualTo("600"), $"/var/log/anaconda/{log} has mode {fields[0]}: installer logs may hold secrets and must be 0600");
                }
            }
        });
        var deploy = (await RunAsync("grep -c 'Running... ostree container image deploy' /var/log/anaconda/program.log")).StandardOutput.Trim();
        Assert.That(deploy, Is.Not.EqualTo("0").And.Not.Empty, "program.log does not record the ostree container image deploy command");
    }

    [Test, Order(6)]
    public async Task The_first_boot_is_healthy()
    {
        await RequireInstalledSystemAsync();
        var health = await new SystemHealthProbe(Shell).ReadAsync(Target.Timeouts.Boot);
        Report.Attach("health of the first boot", health.ToString());
        var problems = health.Problems(Settings.WaivedUnits ?? (IReadOnlyList<Harness.Matrix.Suites.UnitWaiver>)[]);
        Assert.That(problems, Is.Empty, "the installed system's first boot is not healthy: " + string.Join("; ", problems));
    }

    private static string Describe(IEnumerable<Partition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Name} {p.FsType ?? "-"} {p.Bytes / (1024 * 1024)} MiB [{string.Join(" ", p.Mounts)}]"));

    private static List<Partition> ReadPartitions(string lsblkJson)
    {
        using var document = JsonDocument.Parse(lsblkJson);
        var disk = document.RootElement.GetProperty("blockdevices")[0];
        return disk.TryGetProperty("children", out var children)
            ? children.EnumerateArray().Select(Read).ToList()
            : [];

        static Partition Read(JsonElement e)
        {
            var inner = e.TryGetProperty("children", out var kids) && kids.GetArrayLength() > 0 ? Read(kids[0]) : null;
            return new Partition(
                e.GetProperty("name").GetString()!,
                e.GetProperty("size").GetInt64(),
                e.TryGetProperty("fstype", out var fs) ? fs.GetString() : null,
                e.TryGetProperty("mountpoints", out var mounts) ? mounts.EnumerateArray().Select(m => m.GetString()).OfType<string>().ToList() : [],
                inner);
        }
    }

    [GeneratedRegex(@"container-image-reference=(?<ref>\S+)")]
    private static partial Regex OriginReference();

    private static void AttachInstall(InstallOutcome outcome)
    {
        Report.Attach("install phases", string.Join("\n", outcome.Phases.Select(p => $"{p.At:HH:mm:ss} {p.Phase}: {p.Line.Trim()}"))
            + "\n" + string.Join(", ", outcome.PhaseDurations));
        foreach (var (name, path) in new[] { ("kickstart (secrets masked)", outcome.Artifacts.KickstartMasked), ("installer serial console", outcome.Artifacts.SerialTranscript), ("Anaconda log (virtio-serial)", outcome.Artifacts.AnacondaLog) })
        {
            if (path is not null && File.Exists(path))
            {
                var text = File.ReadAllText(path);
                Report.Attach(name, text.Length > 1_000_000 ? text[^1_000_000..] : text);
            }
        }
    }

    private async Task<IInstallation> RequireInstalledSystemAsync()
    {
        var installation = Require<IInstallation>();
        var outcome = installation.Outcome ?? await installation.InstallAsync();
        if (!outcome.Succeeded)
        {
            Assert.Ignore($"the install failed ({outcome.Failure!.Kind}): there is no installed system to check");
        }

        await Target.EnsureReadyAsync();
        return installation;
    }

    private sealed record Partition(string Name, long Bytes, string? FsType, IReadOnlyList<string> Mounts, Partition? Inner);
}
