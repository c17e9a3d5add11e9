using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Luks;

namespace VeilorQA.Harness.Tests.Guest.Luks;

/// <summary>The LUKS probe's commands against a real LUKS2 header made offline in a file.</summary>
[Category("Integration")]
public class LuksProbeIntegrationTests
{
    [Test]
    public async Task A_fresh_luks2_file_with_a_tpm2_token_reads_back_through_the_probe()
    {
        HostTool.Require("cryptsetup", "cryptsetup-bin");
        using var dir = new ScratchDirectory("luks");
        var image = dir.File("disk.img");
        var shell = new LocalBashShell();
        await File.WriteAllTextAsync(dir.File("key"), "not-a-real-passphrase");
        await File.WriteAllTextAsync(dir.File("token.json"),
            "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"0\"],\"tpm2-blob\":\"AAECAwQF\",\"tpm2-pcrs\":[7],\"tpm2-pcr-bank\":\"sha256\","
            + "\"tpm2-primary-alg\":\"ecc\",\"tpm2-policy-hash\":\"" + new string('a', 64) + "\",\"tpm2-pin\":false}");
        (await shell.RunAsync(
            $"truncate -s 20M {image} && cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file {dir.File("key")} {image}"
            + $" && cryptsetup token import --json-file {dir.File("token.json")} {image}",
            TimeSpan.FromSeconds(60))).EnsureSuccess();

        var header = await new LuksProbe(shell).ReadHeaderAsync(image);

        header.Version.Should().Be(2);
        header.Uuid.Should().MatchRegex("^[0-9a-f-]{36}$");
        header.Keyslots.Should().ContainSingle().Which.Pbkdf.Should().Be("pbkdf2");
        header.Tpm2Token!.TpmPcrs.Should().Equal(7);
    }
}
