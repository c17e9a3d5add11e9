using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;

namespace VeilorQA.Harness.Tests.Matrix;

/// <summary>Every key the matrix accepts is used by the harness; keys nothing would honour are refused by name.</summary>
public class MatrixKeysTests
{
    private static readonly string Minimal = File.ReadAllText(MatrixSamples.Path("valid-minimal.yml"));

    [TestCase("  reference:\n    kind: reference-guest\n    recipe: vms/reference\n", "  reference:\n    kind: reference-guest\n    recipe: vms/reference\n    luks_passphrase_env: X\n",
        "artifacts.reference.luks_passphrase_env", "expected one of the keys kind, recipe")]
    [TestCase("  tpm:\n    requires: [tpm]\n", "  tpm:\n    requires: [tpm]\n    settings:\n      luks_prompt: serial\n",
        "suites.tpm.settings.luks_prompt", "got unknown key 'luks_prompt'")]
    [TestCase("  tpm:\n    requires: [tpm]\n", "  tpm:\n    requires: [tpm]\n    settings:\n      candidate: reference\n",
        "suites.tpm.settings.candidate", "got unknown key 'candidate'")]
    [TestCase("    firmware: uefi\n    secure_boot: true\n", "    firmware: bios\n    secure_boot: false\n",
        "targets.refvm.firmware", "expected uefi on a VM booting a reference-guest artifact")]
    [TestCase("    suspend: true\n  lab:", "    suspend: true\n    network: none\n  lab:",
        "targets.refvm.network", "expected user on a VM booting a reference-guest artifact")]
    public void A_key_nothing_would_honour_is_refused_by_name(string original, string changed, string field, string expected)
    {
        Minimal.Should().Contain(original);

        var act = () => TestMatrixLoader.Parse(Minimal.Replace(original, changed, StringComparison.Ordinal), "m.yml", MatrixSamples.Directory);

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain(field).And.Contain(expected);
    }

    [Test]
    public void A_waiver_names_a_suite_of_its_run_and_a_reason_and_is_kept()
    {
        var matrix = Parse("    suites: [kms, tpm]\n  fault-nomodeset:", "    suites: [kms, tpm]\n    waive:\n      tpm/log_share: \"no 9p share on this bench at all\"\n  fault-nomodeset:");

        matrix.Run("reference").Waivers.Should().Equal(new Waiver("tpm", "log_share", "no 9p share on this bench at all"));
    }

    [TestCase("      tpm: \"a reason that is long enough\"", "runs.reference.waive.tpm", "a key suite/subject")]
    [TestCase("      usbguard/usb_hotplug: \"no switch on this bench\"", "runs.reference.waive.usbguard/usb_hotplug", "a suite of this run (kms, tpm)")]
    [TestCase("      tpm/screen: \"short\"", "runs.reference.waive.tpm/screen", "at least a few words")]
    [TestCase("      tpm/not a name: \"a reason that is long enough\"", "runs.reference.waive.tpm/not a name", "a key suite/subject")]
    public void A_waiver_without_a_suite_of_its_run_a_subject_or_a_reason_is_refused(string line, string field, string expected)
    {
        var act = () => Parse("    suites: [kms, tpm]\n  fault-nomodeset:", $"    suites: [kms, tpm]\n    waive:\n{line}\n  fault-nomodeset:");

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain(field).And.Contain(expected);
    }

    [Test]
    public void A_fault_proof_is_never_waived()
    {
        var act = () => Parse("    faults: [nomodeset]\n    suites: [kms]", "    faults: [nomodeset]\n    suites: [kms]\n    waive:\n      kms/screen: \"no screen capture on this bench\"");

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain("a fault proof is never waived");
    }

    [Test]
    public void The_real_matrix_waives_only_what_its_benches_lack_each_with_a_reason()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        matrix.Runs.Where(r => r.IsDefault).SelectMany(r => r.Waivers).Should().BeEmpty("the reference guest VM lacks nothing");
        matrix.Run("laptop-loopback").Waivers.Select(w => w.Key).Should().BeEquivalentTo("boot-luks/boot_cycle", "tpm/boot_cycle", "logs-9p/log_share", "usbguard/usb_hotplug", "firewall/console");
        matrix.Runs.SelectMany(r => r.Waivers).Should().OnlyContain(w => w.Reason.Length > 20);
    }

    private static TestMatrix Parse(string original, string changed)
    {
        Minimal.Should().Contain(original);
        return TestMatrixLoader.Parse(Minimal.Replace(original, changed, StringComparison.Ordinal), "m.yml", MatrixSamples.Directory);
    }
}
