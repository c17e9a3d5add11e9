using VeilorQA.Harness.Doctor.Distribution;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Firmware;
using P = VeilorQA.Harness.Doctor.Distribution.RunnerPackages;

namespace VeilorQA.Harness.Doctor;

/// <summary>The prerequisites of a VeilorQA runner, in the order <c>veilorqa doctor</c> lists them, each fix in the runner's distribution's terms.</summary>
public static class PrerequisiteCatalog
{
    /// <summary>Where scripts/setup.sh installs allure-commandline.</summary>
    public static string AllureExecutable =>
        Path.Combine(Environment.GetEnvironmentVariable("VEILORQA_TOOLS") ?? Path.Combine(HarnessPaths.Cache, "tools"), "node_modules", ".bin", "allure");

    /// <summary>The checks of this machine (its os-release decides the package names and package manager of every fix).</summary>
    public static IReadOnlyList<IPrerequisiteCheck> Host(string libvirtUri, IEnumerable<IPrerequisiteCheck> extra)
    {
        HostDistribution distribution;
        try
        {
            distribution = HostDistribution.ForThisHost();
        }
        catch (InvalidDataException e)
        {
            distribution = HostDistribution.Of(new OsRelease("unknown", string.Empty, [], e.Message));
        }

        return Host(libvirtUri, extra, distribution, FirmwareFinder.ForThisHost);
    }

    public static IReadOnlyList<IPrerequisiteCheck> Host(string libvirtUri, IEnumerable<IPrerequisiteCheck> extra, HostDistribution distribution, FirmwareFinder firmware)
    {
        var d = distribution;
        var checks = new List<IPrerequisiteCheck>
        {
            new DistributionCheck(d),
            new DelegateCheck("libvirt", ct => LibvirtAsync(libvirtUri, d, ct)),
            new ProgramCheck("QEMU", "qemu-system-x86_64", ["--version"], d.Install(P.Qemu)),
            new ProgramCheck("qemu-img", "qemu-img", ["--version"], d.Install(P.QemuImg)),
            new FirmwareCheck(d, firmware),
            new ProgramCheck("swtpm", "swtpm", ["--version"], d.Install(P.Swtpm, P.SwtpmTools)),
            new ProgramCheck("swtpm_setup", "swtpm_setup", ["--print-capabilities"], d.Install(P.SwtpmTools)),
        };
        checks.AddRange(extra);
        checks.AddRange(
        [
            new ContainerEngineCheck(d),
            new ProgramCheck("Java (report)", "java", ["-version"], d.Install(P.Java)),
            new DelegateCheck("allure-commandline", _ => Task.FromResult(File.Exists(AllureExecutable)
                ? CheckResult.Ok("allure-commandline", AllureExecutable)
                : CheckResult.Fail("allure-commandline", $"{AllureExecutable} missing", "scripts/setup.sh (npm install allure-commandline)"))),
            new ProgramCheck("mmdebstrap (guest build)", "mmdebstrap", ["--version"], d.Install(P.Mmdebstrap)),
            new ProgramCheck("cryptsetup (guest build)", "cryptsetup", ["--version"], d.Install(P.Cryptsetup)),
            new ProgramCheck("mtools (guest build)", "mcopy", ["--version"], d.Install(P.Mtools)),
            new ProgramCheck("ostree (guest build)", "ostree", ["--version"], d.Install(P.Ostree)),
            new DiskSpaceCheck(HarnessPaths.Cache, 20L << 30),
        ]);
        return checks;
    }

    private static async Task<CheckResult> LibvirtAsync(string uri, HostDistribution distribution, CancellationToken ct)
    {
        const string name = "libvirt";
        if (!ExternalCommand.IsOnPath("virsh"))
        {
            return CheckResult.Fail(name, "virsh not found", distribution.Install(P.LibvirtDaemon, P.LibvirtClient) + "   (or run scripts/setup.sh)");
        }

        var result = await ExternalCommand.RunAsync("virsh", ["-c", uri, "version", "--daemon"], TimeSpan.FromSeconds(20), cancellationToken: ct);
        if (result.ExitCode != 0)
        {
            var daemons = distribution.Family == DistributionFamily.Fedora ? "virtlogd and virtqemud (or: virtlogd -d; virtqemud -d)" : "virtlogd and libvirtd (or: libvirtd -d)";
            return CheckResult.Fail(name, $"{uri} not reachable: {FirstLine(result.StandardError)}", $"scripts/setup.sh starts {daemons}");
        }

        var daemon = result.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("daemon", StringComparison.OrdinalIgnoreCase))?.Trim() ?? "reachable";
        return CheckResult.Ok(name, $"{uri}: {daemon}");
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
}
