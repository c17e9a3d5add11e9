using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Tests.Images.Reference;

public class ReferenceGuestBuildTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "veilorqa-test-build-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Path.Combine(_dir, "build.env"),
        [
            "RECIPE_HASH=4f30c9f44429a1cb",
            "KERNEL=6.1.0-50-amd64",
            "BOOT_UUID=7e1b5c1e-0000-4000-8000-000000000001",
            "ROOT_UUID=cb877fa9-87e3-4953-9d4b-92b66f8e72fc",
            "LUKS_UUID=66c74e4b-5f0a-49db-8c84-af11bde10b76",
            "COMMIT_V1=d6549c1e1cae1080e01c1887fd454fbcfad61efb57c2fb92b78ac8a52134e7a3",
            "COMMIT_V2=5a2197102a62139ad9acdaa6fb7bfc9e59e35779869e9835a275f81081f2caef",
            "OSTREE_OS=veilorqa",
            "BUILD_SECONDS=188",
        ]);
        File.WriteAllText(Path.Combine(_dir, "luks-passphrase"), "not-a-real-passphrase");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.Combine(_dir, "luks-passphrase"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_folder_without_the_complete_marker_is_not_a_build()
    {
        ReferenceGuestBuild.Load(_dir).Should().BeNull();
    }

    [Test]
    public void A_complete_build_exposes_its_files_and_facts()
    {
        File.WriteAllText(Path.Combine(_dir, ReferenceGuestBuild.CompleteMarker), string.Empty);

        var build = ReferenceGuestBuild.Load(_dir)!;

        build.Disk.Should().Be(Path.Combine(_dir, "disk.qcow2"));
        build.UpdateDelta.Should().Be(Path.Combine(_dir, "update", "update.delta"));
        build.Kernel.Should().Be("6.1.0-50-amd64");
        build.CommitV2.Should().StartWith("5a2197");
        build.BuildTime.Should().Be(TimeSpan.FromSeconds(188));
    }

    [Test]
    public void The_passphrase_prints_as_a_mask()
    {
        File.WriteAllText(Path.Combine(_dir, ReferenceGuestBuild.CompleteMarker), string.Empty);

        var passphrase = ReferenceGuestBuild.Load(_dir)!.ReadPassphrase();

        passphrase.ToString().Should().Be("******");
        passphrase.Reveal().Should().Be("not-a-real-passphrase");
    }

    [Test]
    public void A_malformed_build_env_names_the_line()
    {
        var act = () => BuildFacts.Parse(["KERNEL=6.1", "garbage"]);

        act.Should().Throw<FormatException>().WithMessage("*line 2*garbage*");
    }

    [Test]
    public void A_missing_fact_is_named()
    {
        var act = () => BuildFacts.Parse(["KERNEL=6.1"]).Require("COMMIT_V1");

        act.Should().Throw<FormatException>().WithMessage("*COMMIT_V1*");
    }
}
