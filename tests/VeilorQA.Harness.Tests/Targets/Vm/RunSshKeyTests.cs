using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Tests.Targets.Vm;

/// <summary>The per-run SSH key: ssh-keygen's ed25519 pair, both halves 0600, the private text masked, never reused.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class RunSshKeyTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Path.Combine(Path.GetTempPath(), "veilorqa-runkey-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task I_get_an_owner_only_key_pair_whose_public_line_the_kickstart_takes()
    {
        var key = await RunSshKey.GenerateAsync(_folder, "veilorqa-test");

        File.GetUnixFileMode(key.PrivateKeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(key.PublicKeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(_folder).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        key.PublicKey.Should().MatchRegex(@"^ssh-ed25519 [A-Za-z0-9+/=]+ veilorqa-test$");
        new VeilorQA.Harness.Install.Kickstart.KickstartParameters("10.0.2.2:5000",
                VeilorQA.Harness.Install.Kickstart.PinnedImageReference.Parse("veilorqa/install@sha256:" + new string('a', 64)),
                new Secret("passphrase"), key.PublicKey, "vda", VeilorQA.Harness.Install.Kickstart.EndAction.Poweroff)
            .Problem().Should().BeNull();
    }

    [Test]
    public async Task The_private_key_text_is_masked_wherever_it_would_be_written()
    {
        var key = await RunSshKey.GenerateAsync(_folder, "veilorqa-test");
        var text = (await File.ReadAllTextAsync(key.PrivateKeyFile)).Trim();

        Redactor.Global.Redact($"leaked: {text}").Should().NotContain(text).And.Contain(Secret.Mask);
    }

    [Test]
    public async Task A_second_key_in_the_same_folder_is_refused_so_a_key_is_never_reused()
    {
        await RunSshKey.GenerateAsync(_folder, "veilorqa-test");

        var act = () => RunSshKey.GenerateAsync(_folder, "veilorqa-test");

        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain("never reused");
    }
}
