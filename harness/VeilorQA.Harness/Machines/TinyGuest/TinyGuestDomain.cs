using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines.TinyGuest;

/// <summary>The harness's own test VM (integration tests, the bench's scale part): the tiny guest booted directly through Secure Boot OVMF, with swtpm, a qcow2 disk, xHCI, S3, bochs video and an SSH forward.</summary>
public static class TinyGuestDomain
{
    /// <summary>Files and spec of VM <paramref name="role"/>; with <paramref name="withLogsShare"/> the guest mounts a 9p share at <see cref="TinyGuestImage.LogsMountPoint"/>.</summary>
    public static async Task<(MachineFiles Files, DomainSpec Spec, string? ShareDirectory)> PrepareAsync(RunId run, string role, bool withLogsShare, CancellationToken cancellationToken = default)
    {
        var image = await TinyGuest.EnsureBuiltAsync(cancellationToken);
        var files = MachineFiles.Create(run, role);
        var disk = Path.Combine(files.Directory, "disk0.qcow2");
        await ExternalCommand.RunCheckedAsync("qemu-img", ["create", "-q", "-f", "qcow2", disk, "64M"], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        var builder = files.SpecBuilder(secureBoot: true)
            .WithMemory(256)
            .WithVCpus(1)
            .WithTpm()
            .WithDisk(disk)
            .WithVideo(VideoModel.Bochs)
            .WithUserNetwork()
            .WithKernelBoot(image.KernelPath, image.InitrdPath, TinyGuestImage.KernelCommandLine());
        var share = withLogsShare ? files.CreateShareDirectory(TinyGuestImage.LogsTag) : null;
        return (files, (share is null ? builder : builder.WithShare(share, TinyGuestImage.LogsTag)).Build(), share);
    }
}
