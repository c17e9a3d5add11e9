using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Tests.Machines;

[Category("Integration")]
public class MachineFilesTests
{
    [Test]
    public async Task An_overlay_reads_through_to_its_base_and_never_writes_it()
    {
        var run = RunId.New();
        await using var files = MachineFiles.Create(run, "overlay");
        var basePath = Path.Combine(files.Directory, "base.raw");
        await ExternalCommand.RunCheckedAsync("qemu-img", ["create", "-q", "-f", "raw", basePath, "4M"], TimeSpan.FromSeconds(30));
        var before = await File.ReadAllBytesAsync(basePath);

        var overlay = await files.CreateOverlayAsync(basePath, DiskFormat.Raw);
        await ExternalCommand.RunCheckedAsync("qemu-io", ["-f", "qcow2", "-c", "write -P 0x5a 0 64k", overlay], TimeSpan.FromSeconds(30));

        var info = await ExternalCommand.RunCheckedAsync("qemu-img", ["info", "--output=json", overlay], TimeSpan.FromSeconds(30));
        info.Should().Contain($"\"backing-filename\": \"{basePath}\"").And.Contain("\"backing-filename-format\": \"raw\"");
        (await File.ReadAllBytesAsync(basePath)).Should().Equal(before);
        var read = await ExternalCommand.RunCheckedAsync("qemu-io", ["-f", "qcow2", "-c", "read -P 0x5a 0 64k", overlay], TimeSpan.FromSeconds(30));
        read.Should().Contain("read 65536/65536 bytes");
    }

    [Test]
    public void Remove_deletes_the_folder_and_TPM_state_and_may_be_repeated()
    {
        var run = RunId.New();
        var files = MachineFiles.Create(run, "remove");
        var share = files.CreateShareDirectory("veilorqa-logs");
        File.WriteAllText(Path.Combine(share, "x.log"), "x");
        Directory.CreateDirectory(files.TpmStateDirectory);

        files.Remove();
        files.Remove();

        Directory.Exists(files.Directory).Should().BeFalse();
        Directory.Exists(files.TpmStateDirectory).Should().BeFalse();
        Directory.Exists(HarnessPaths.RunDirectory(run)).Should().BeFalse();
    }

    [Test]
    public void The_folders_QEMU_writes_into_belong_to_the_QEMU_user()
    {
        var run = RunId.New();
        var files = MachineFiles.Create(run, "owner");
        try
        {
            var share = files.CreateShareDirectory("veilorqa-logs");
            var owner = ExternalCommand.RunCheckedAsync("stat", ["-c", "%U", files.Directory, share], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            owner.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().AllBe("libvirt-qemu");
            files.SerialSocketPath.Should().StartWith(files.Directory);
            System.Text.Encoding.UTF8.GetByteCount(files.SerialSocketPath).Should().BeLessThanOrEqualTo(107);
        }
        finally
        {
            files.Remove();
        }
    }
}
