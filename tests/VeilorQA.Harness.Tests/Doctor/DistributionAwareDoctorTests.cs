using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Tests.Doctor.Distribution;
using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Tests.Doctor;

/// <summary>The doctor names the distribution and gives each missing piece that distribution's fix.</summary>
[NonParallelizable] // empties PATH and sets DOCKER_HOST for the process
public class DistributionAwareDoctorTests
{
    [Test]
    public async Task On_Fedora_43_every_missing_piece_is_fixed_with_dnf_and_Fedoras_package_names()
    {
        var report = await RunWithNothingInstalled(DistributionSamples.Fedora43, "fedora-43");

        Result(report, "distribution").Detail.Should().StartWith("Fedora Linux 43 (Container Image) (ID=fedora VERSION_ID=43)");
        Result(report, "QEMU").Fix.Should().StartWith("dnf install -y qemu-system-x86-core");
        Result(report, "qemu-img").Fix.Should().StartWith("dnf install -y qemu-img");
        Result(report, "swtpm").Fix.Should().StartWith("dnf install -y swtpm swtpm-tools");
        Result(report, "libvirt").Fix.Should().StartWith("dnf install -y libvirt-daemon-driver-qemu libvirt-client");
        Result(report, "OVMF Secure Boot firmware").Fix.Should().StartWith("dnf install -y edk2-ovmf");
        Result(report, "container engine (Docker API)").Fix.Should().Contain("podman system service").And.Contain("dnf install -y podman");
        Result(report, "Java (report)").Fix.Should().StartWith("dnf install -y java-25-openjdk-headless");
        report.Results.Where(r => r.Fix is not null).Should().NotContain(r => r.Fix!.Contains("apt-get", StringComparison.Ordinal));
        report.AllUsable.Should().BeFalse();
    }

    [Test]
    public async Task On_Debian_12_the_same_pieces_are_fixed_with_apt_and_Debians_names()
    {
        var report = await RunWithNothingInstalled(DistributionSamples.Debian12, "debian-12");

        Result(report, "distribution").Status.Should().Be(CheckStatus.Ok);
        Result(report, "QEMU").Fix.Should().StartWith("apt-get install -y qemu-system-x86");
        Result(report, "qemu-img").Fix.Should().StartWith("apt-get install -y qemu-utils");
        Result(report, "libvirt").Fix.Should().StartWith("apt-get install -y libvirt-daemon-system libvirt-clients");
        Result(report, "container engine (Docker API)").Fix.Should().Contain("dockerd").And.Contain("apt-get install -y docker.io");
        report.Results.Where(r => r.Fix is not null).Should().NotContain(r => r.Fix!.Contains("dnf", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_firmware_check_reports_the_descriptor_it_found()
    {
        var check = new FirmwareCheck(DistributionSamples.Fedora43, new FirmwareFinder([FirmwareSamples("fedora-43")], _ => true));

        var result = await check.RunAsync(CancellationToken.None);

        result.Status.Should().Be(CheckStatus.Ok);
        result.Detail.Should().Be("/usr/share/edk2/ovmf/OVMF_CODE_4M.secboot.qcow2 + /usr/share/edk2/ovmf/OVMF_VARS_4M.secboot.qcow2 (qcow2, 30-edk2-ovmf-4m-qcow2-x64-sb-enrolled.json)");
    }

    [Test]
    public async Task A_Docker_API_answering_ping_on_the_DOCKER_HOST_socket_is_ok_and_names_the_server()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-dockerapi-");
        var path = Path.Combine(dir.FullName, "podman.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            var buffer = new byte[1024];
            await client.ReceiveAsync(buffer, SocketFlags.None);
            await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nServer: Libpod/5.6.1 (linux)\r\nContent-Length: 2\r\n\r\nOK"), SocketFlags.None);
        });
        try
        {
            var result = await new ContainerEngineCheck(DistributionSamples.Fedora43, "unix://" + path).RunAsync(CancellationToken.None);

            result.Status.Should().Be(CheckStatus.Ok);
            result.Detail.Should().Be($"unix://{path} answers /_ping (Libpod/5.6.1 (linux))");
            await server;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_missing_Docker_socket_fails_naming_it()
    {
        var result = await new ContainerEngineCheck(DistributionSamples.Fedora43, "unix:///nonexistent/podman.sock").RunAsync(CancellationToken.None);

        result.Status.Should().Be(CheckStatus.Fail);
        result.Detail.Should().Be("no socket at /nonexistent/podman.sock (DOCKER_HOST=unix:///nonexistent/podman.sock)");
    }

    private static CheckResult Result(DoctorReport report, string name) => report.Results.Single(r => r.Name == name);

    private static async Task<DoctorReport> RunWithNothingInstalled(VeilorQA.Harness.Doctor.Distribution.HostDistribution distribution, string firmwareSamples)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("PATH", "/nonexistent");
        Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///nonexistent/docker.sock");
        try
        {
            var checks = PrerequisiteCatalog.Host("qemu:///system", [], distribution, new FirmwareFinder([FirmwareSamples(firmwareSamples)], _ => false));
            return await DoctorReport.RunAsync(checks, CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Environment.SetEnvironmentVariable("DOCKER_HOST", dockerHost);
        }
    }

    private static string FirmwareSamples(string distribution, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Machines", "Firmware", "Samples", distribution);
}
