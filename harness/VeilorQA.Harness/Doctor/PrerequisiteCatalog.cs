using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Doctor;

/// <summary>The prerequisites of a VeilorQA runner, in the order <c>veilorqa doctor</c> lists them.</summary>
public static class PrerequisiteCatalog
{
    /// <summary>Where scripts/setup.sh installs allure-commandline.</summary>
    public static string AllureExecutable =>
        Path.Combine(Environment.GetEnvironmentVariable("VEILORQA_TOOLS") ?? Path.Combine(HarnessPaths.Cache, "tools"), "node_modules", ".bin", "allure");

    public static IReadOnlyList<IPrerequisiteCheck> Host(string libvirtUri, IEnumerable<IPrerequisiteCheck> extra)
    {
        var checks = new List<IPrerequisiteCheck>
        {
            new DelegateCheck("libvirt", ct => LibvirtAsync(libvirtUri, ct)),
            new ProgramCheck("QEMU", "qemu-system-x86_64", ["--version"], "qemu-system-x86"),
            new ProgramCheck("qemu-img", "qemu-img", ["--version"], "qemu-utils"),
            new FileCheck("OVMF Secure Boot firmware", ["/usr/share/OVMF/OVMF_CODE_4M.ms.fd", "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"], "apt-get install -y ovmf"),
            new FileCheck("OVMF vars with Microsoft keys", ["/usr/share/OVMF/OVMF_VARS_4M.ms.fd"], "apt-get install -y ovmf"),
            new ProgramCheck("swtpm", "swtpm", ["--version"], "swtpm swtpm-tools"),
            new ProgramCheck("swtpm_setup", "swtpm_setup", ["--print-capabilities"], "swtpm-tools"),
        };
        checks.AddRange(extra);
        checks.AddRange(
        [
            new DelegateCheck("Docker engine", DockerAsync),
            new ProgramCheck("Java (report)", "java", ["-version"], "default-jre-headless"),
            new DelegateCheck("allure-commandline", _ => Task.FromResult(File.Exists(AllureExecutable)
                ? CheckResult.Ok("allure-commandline", AllureExecutable)
                : CheckResult.Fail("allure-commandline", $"{AllureExecutable} missing", "scripts/setup.sh (npm install allure-commandline)"))),
            new ProgramCheck("mmdebstrap (guest build)", "mmdebstrap", ["--version"], "mmdebstrap"),
            new ProgramCheck("cryptsetup (guest build)", "cryptsetup", ["--version"], "cryptsetup-bin"),
            new ProgramCheck("mtools (guest build)", "mcopy", ["--version"], "mtools"),
            new ProgramCheck("ostree (guest build)", "ostree", ["--version"], "ostree"),
            new DiskSpaceCheck(HarnessPaths.Cache, 20L << 30),
        ]);
        return checks;
    }

    private static async Task<CheckResult> LibvirtAsync(string uri, CancellationToken ct)
    {
        const string name = "libvirt";
        if (!ExternalCommand.IsOnPath("virsh"))
        {
            return CheckResult.Fail(name, "virsh not found", "apt-get install -y libvirt-daemon-system libvirt-clients");
        }

        var result = await ExternalCommand.RunAsync("virsh", ["-c", uri, "version", "--daemon"], TimeSpan.FromSeconds(20), cancellationToken: ct);
        if (result.ExitCode != 0)
        {
            return CheckResult.Fail(name, $"{uri} not reachable: {FirstLine(result.StandardError)}", "scripts/setup.sh starts virtlogd and libvirtd (or: libvirtd -d)");
        }

        var daemon = result.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("daemon", StringComparison.OrdinalIgnoreCase))?.Trim() ?? "reachable";
        return CheckResult.Ok(name, $"{uri}: {daemon}");
    }

    private static async Task<CheckResult> DockerAsync(CancellationToken ct)
    {
        const string name = "Docker engine";
        if (!ExternalCommand.IsOnPath("docker"))
        {
            return CheckResult.Fail(name, "docker not found", "apt-get install -y docker.io");
        }

        var result = await ExternalCommand.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), cancellationToken: ct);
        return result.ExitCode == 0
            ? CheckResult.Ok(name, "server " + result.StandardOutput.Trim())
            : CheckResult.Fail(name, FirstLine(result.StandardError), "scripts/setup.sh starts containerd and dockerd");
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
}
