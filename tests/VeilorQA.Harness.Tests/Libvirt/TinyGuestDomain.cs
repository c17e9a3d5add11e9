using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>The VM under test: a <see cref="DomainSpec"/> (Secure Boot OVMF, swtpm, 9p, xHCI, S3, bochs video, SSH forward) booting the tiny guest directly.</summary>
internal static class TinyGuestDomain
{
    private const string Assets = "/tmp/veilorqa-lvexp";

    internal static string ShareDirectory(string vmDirectory) => Path.Combine(vmDirectory, "share");

    internal static async Task<DomainSpec> PrepareAsync(RunId run, string role, string directory, bool withShare = true)
    {
        Directory.CreateDirectory(ShareDirectory(directory));
        if (OperatingSystem.IsLinux())
        {
            // QEMU runs as libvirt-qemu and writes the share in mapped mode.
            File.SetUnixFileMode(ShareDirectory(directory), (UnixFileMode)0x1FF);
        }

        var disk = Path.Combine(directory, "root.qcow2");
        await ExternalCommand.RunCheckedAsync("qemu-img", ["create", "-q", "-f", "qcow2", disk, "64M"], TimeSpan.FromSeconds(30));
        var builder = DomainSpec.For(run, role)
            .WithMemory(256)
            .WithVCpus(1)
            .WithUefi(secureBoot: true, Path.Combine(directory, "VARS.fd"))
            .WithTpm()
            .WithDisk(disk)
            .WithSerialConsole(Path.Combine(directory, "serial.sock"), Path.Combine(directory, "serial.log"))
            .WithVideo(VideoModel.Bochs)
            .WithUserNetwork()
            .WithKernelBoot($"{Assets}/vmlinuz", $"{Assets}/initrd.img", "console=ttyS0 quiet");
        return (withShare ? builder.WithShare(ShareDirectory(directory), "share") : builder).Build();
    }
}
