using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Luks;

namespace VeilorQA.Harness.Tests.Guest.Luks;

public class LuksTests
{
    [Test]
    public void Json_metadata_gives_keyslot_kdfs_and_the_tpm2_token()
    {
        var header = LuksHeader.ParseJson(Sample.Read("luks/luksdump-tpm2-token.json"));

        header.Version.Should().Be(2);
        header.Keyslots.Select(k => (k.Id, k.Pbkdf)).Should().Equal(("0", "argon2id"), ("1", "pbkdf2"));
        header.Keyslots[0].MemoryKiB.Should().Be(32768);
        header.Keyslots[0].TimeCost.Should().Be(4);
        header.Keyslots[1].Iterations.Should().Be(1000);
        var token = header.Tpm2Token!;
        token.Keyslots.Should().Equal("1");
        token.TpmPcrs.Should().Equal(7, 14);
        token.TpmPcrBank.Should().Be("sha256");
    }

    [Test]
    public void The_text_dump_gives_the_same_facts_plus_the_uuid()
    {
        var header = LuksHeader.ParseText(Sample.Read("luks/luksdump-tpm2-token.txt"));

        header.Version.Should().Be(2);
        header.Uuid.Should().Be("09e84630-ba34-47eb-b542-9cb942d72c17");
        header.Keyslots.Select(k => (k.Id, k.Pbkdf, k.Iterations)).Should().Equal(("0", "argon2id", null), ("1", "pbkdf2", 1000L));
        header.Tpm2Token!.TpmPcrs.Should().Equal(7, 14);
        header.Tpm2Token.Keyslots.Should().Equal("1");
        header.Tokens.Should().ContainSingle();
    }

    [Test]
    public void A_luks1_text_dump_is_version_1_without_tokens()
    {
        var header = LuksHeader.ParseText("LUKS header information for /dev/vda3\n\nVersion:       \t1\nCipher name:   \taes\nUUID:          \t6b2bd1b5-1c3e-4b0e-9a43-8f1c0c8f3f11\n\nKey Slot 0: ENABLED\n");

        header.Version.Should().Be(1);
        header.Tokens.Should().BeEmpty();
    }

    [Test]
    public void Output_that_is_not_a_dump_is_an_error()
    {
        var act = () => LuksHeader.ParseText("Device /dev/vda3 is not a valid LUKS device.\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*no 'Version:' line*");
    }

    [Test]
    public async Task The_probe_prefers_json_and_takes_the_uuid_from_the_text()
    {
        var shell = new RecordedShell()
            .Answer(LuksProbe.ListLuksDevices, "/dev/vda3\n")
            .Answer(LuksProbe.DumpJson("/dev/vda3"), Sample.Read("luks/luksdump-tpm2-token.json"))
            .Answer(LuksProbe.DumpText("/dev/vda3"), Sample.Read("luks/luksdump-tpm2-token.txt"));
        var probe = new LuksProbe(shell);

        var devices = await probe.ListDevicesAsync();
        var header = await probe.ReadHeaderAsync(devices[0]);

        devices.Should().Equal("/dev/vda3");
        header.Uuid.Should().Be("09e84630-ba34-47eb-b542-9cb942d72c17");
        header.Keyslots[0].MemoryKiB.Should().Be(32768);
    }

    [Test]
    public async Task An_old_cryptsetup_without_json_dumps_falls_back_to_text()
    {
        var shell = new RecordedShell()
            .Answer(LuksProbe.DumpJson("/dev/vda3"), string.Empty, exitCode: 1, stderr: "cryptsetup: unrecognized option '--dump-json-metadata'")
            .Answer(LuksProbe.DumpText("/dev/vda3"), Sample.Read("luks/luksdump-tpm2-token.txt"));

        var header = await new LuksProbe(shell).ReadHeaderAsync("/dev/vda3");

        header.Tpm2Token.Should().NotBeNull();
    }
}
