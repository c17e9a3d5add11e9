using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;

namespace VeilorQA.Harness.Tests.Machines;

public class OemdrvVolumeTests
{
    [Test]
    public async Task The_volume_is_labelled_OEMDRV_and_holds_the_kickstart()
    {
        var directory = Directory.CreateTempSubdirectory(RunId.Current.Name("oemdrv-")).FullName;
        try
        {
            var kickstart = Path.Combine(directory, "source.ks");
            await File.WriteAllTextAsync(kickstart, "text\nostreecontainer --url=ghcr.io/veilor/veilor-os:43 --transport=registry\n");

            var image = await OemdrvVolume.CreateAsync(directory, new Dictionary<string, string> { ["ks.cfg"] = kickstart });

            if (OperatingSystem.IsLinux())
            {
                File.GetUnixFileMode(image).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a kickstart on the volume carries the LUKS passphrase");
            }

            (await ExternalCommand.RunCheckedAsync("blkid", ["-o", "value", "-s", "LABEL", image], TimeSpan.FromSeconds(10))).Trim().Should().Be("OEMDRV");
            (await ExternalCommand.RunCheckedAsync("mtype", ["-i", image, "::/ks.cfg"], TimeSpan.FromSeconds(10))).Should().Contain("--transport=registry");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task A_missing_source_file_is_named()
    {
        var act = () => OemdrvVolume.CreateAsync(Path.GetTempPath(), new Dictionary<string, string> { ["ks.cfg"] = "/nonexistent/ks.cfg" });

        await act.Should().ThrowAsync<FileNotFoundException>().WithMessage("*'/nonexistent/ks.cfg'*OEMDRV*");
    }
}
