using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;

namespace VeilorQA.Harness.Tests.Matrix;

public class MalformedMatrixTests
{
    // file, line, column, field, the exact rest of the message after "field: ".
    private static readonly object[] Samples =
    [
        new object[] { "unknown-key.yml", 22, 5, "targets.refvm.memroy_mib",
            "expected one of the keys kind, artifact, install_image, update_image, firmware, secure_boot, tpm, memory_mib, vcpus, video, disks, usb, suspend, network, wifi, libvirt_uri, got unknown key 'memroy_mib'" },
        new object[] { "wrong-type.yml", 22, 17, "targets.refvm.memory_mib", "expected an integer 256..65536, got 'lots'" },
        new object[] { "missing-required.yml", 16, 3, "targets.refvm.memory_mib", "expected an integer 256..65536, got nothing (required key missing)" },
        new object[] { "bad-enum.yml", 24, 12, "targets.refvm.video", "expected one of virtio, bochs, qxl, got 'vga'" },
        new object[] { "bad-capability.yml", 41, 21, "suites.tpm.requires[1]",
            "expected one of console, keyboard, screen, power, tpm, secure_boot, suspend, wifi, usb_hotplug, log_share, install, got 'bluetooth'" },
        new object[] { "bad-libvirt-uri.yml", 25, 18, "targets.refvm.libvirt_uri",
            "expected qemu:///system, or qemu+ssh://user@host[:port]/system?keyfile=KEY&known_hosts=PINNED (absolute files), got 'qemu+ssh://root@kvm-host/system?keyfile=/etc/veilorqa/kvm-key': known_hosts= must name an absolute file (the pinned host key); got 'nothing'" },
        new object[] { "out-of-range.yml", 23, 12, "targets.refvm.vcpus", "expected an integer 1..64, got '0'" },
        new object[] { "undefined-artifact.yml", 18, 15, "targets.refvm.artifact",
            "expected an artifact defined under artifacts (reference, installer, image), got 'debian-cloud'" },
        new object[] { "vm-boots-oci-image.yml", 18, 15, "targets.refvm.artifact",
            "expected an artifact of kind iso, reference-installer or reference-guest (a VM installs an oci-image through install_image), got 'image' of kind oci-image" },
        new object[] { "undefined-suite.yml", 50, 24, "runs.reference.suites[2]", "expected a suite defined under suites (kms, tpm), got 'wifi'" },
        new object[] { "undefined-default-target.yml", 3, 17, "default_target", "expected a target defined under targets (refvm, lab), got 'ref-vm'" },
        new object[] { "duplicate-target.yml", 29, 3, "targets.refvm",
            "expected each key once in a mapping (first 'refvm' at line 16), got duplicate key 'refvm'" },
        new object[] { "duplicate-suite-in-run.yml", 50, 24, "runs.reference.suites[2]",
            "expected each suite once (already listed at runs.reference.suites[0]), got 'kms' again" },
        new object[] { "bad-sha256.yml", 11, 13, "artifacts.installer.sha256",
            "expected a SHA-256 of 64 hexadecimal digits, got '7e3dfd3690bcc82bfdea074039caa5c8'" },
        new object[] { "inline-secret.yml", 41, 9, "targets.lab.adapters.power.password",
            "expected a reference: password_env (an environment variable) or password_file (a file), never the secret itself, got an inline secret (value not shown)" },
        new object[] { "secret-in-env-reference.yml", 36, 26, "targets.lab.luks_passphrase_env",
            "expected an environment variable name (letters, digits, '_', not starting with a digit), got something else (value not shown)" },
        new object[] { "laptop-without-auth.yml", 29, 3, "targets.lab.key_file",
            "expected key_file (a private key file) or agent: true, got nothing (required key missing)" },
        new object[] { "bad-fingerprint.yml", 35, 27, "targets.lab.host_key_fingerprint",
            "expected a host key fingerprint SHA256: followed by 43 base64 characters (ssh-keygen -lf), got 'MD5:12:34:56'" },
        new object[] { "secure-boot-on-bios.yml", 20, 18, "targets.refvm.secure_boot",
            "expected false with firmware bios (Secure Boot needs uefi), got true" },
        new object[] { "fault-on-laptop.yml", 53, 14, "runs.fault-nomodeset.faults[0]",
            "expected faults only on a VM target booting a reference-guest artifact, got 'nomodeset' on target 'lab'" },
        new object[] { "fault-suite-not-run.yml", 54, 13, "runs.fault-nomodeset.suites",
            "expected a list including 'kms' (the suite fault 'nomodeset' must make fail), got [tpm]" },
        new object[] { "bad-expect-regex.yml", 46, 13, "faults.nomodeset.expect",
            "expected a regular expression only the fault's own failure message matches, got 'nomodeset (on': not a valid regular expression: Invalid pattern 'nomodeset (on' at offset 13. Not enough )'s." },
        new object[] { "targets-not-mapping.yml", 16, 3, "targets", "expected a mapping of target names to target definitions, got a list" },
        new object[] { "yaml-syntax.yml", 50, 13, "(yaml)", "expected valid YAML, got the file ends inside this [ or { (never closed)" },
        new object[] { "yaml-bad-indentation.yml", 34, 12, "(yaml)", "expected valid YAML, got While scanning a plain scalar value, found invalid mapping." },
        new object[] { "empty.yml", 1, 1, "(document)",
            "expected a mapping with keys version, default_target, artifacts, targets, suites, faults, runs, got an empty file" },
    ];

    [TestCaseSource(nameof(Samples))]
    public void A_malformed_matrix_gives_one_error_naming_file_line_field_and_expectation(
        string file, int line, int column, string field, string problem)
    {
        // Arrange
        var text = File.ReadAllText(MatrixSamples.Path(file));

        // Act
        var act = () => TestMatrixLoader.Parse(text, file, MatrixSamples.Directory);

        // Assert
        var error = act.Should().Throw<MatrixException>().Which;
        error.Message.Should().Be($"{file}:{line}:{column}: {field}: {problem}");
        error.File.Should().Be(file);
        error.Line.Should().Be(line);
        error.Column.Should().Be(column);
        error.Field.Should().Be(field);
    }

    [Test]
    public void A_missing_iso_file_is_reported_with_the_path_resolved_against_the_matrix_folder()
    {
        var act = () => TestMatrixLoader.Load(MatrixSamples.Path("missing-iso.yml"));

        var error = act.Should().Throw<MatrixException>().Which;
        error.Line.Should().Be(10);
        error.Column.Should().Be(11);
        error.Field.Should().Be("artifacts.installer.path");
        error.Expected.Should().Be($"an existing ISO file (resolved to {MatrixSamples.Path("images/veilor-43.iso")})");
        error.Actual.Should().Be("'images/veilor-43.iso', which does not exist");
    }

    [TestCase("inline-secret.yml", "hunter2-ipmi")]
    [TestCase("secret-in-env-reference.yml", "correct horse")]
    public void A_secret_written_into_the_matrix_never_appears_in_the_error(string file, string secret)
    {
        File.ReadAllText(MatrixSamples.Path(file)).Should().Contain(secret, "the sample must really hold the secret");

        var act = () => TestMatrixLoader.Load(MatrixSamples.Path(file));

        act.Should().Throw<MatrixException>().Which.ToString().Should().NotContain(secret);
    }

    [Test]
    public void A_load_error_names_the_file_as_the_caller_gave_it()
    {
        var path = MatrixSamples.Path("wrong-type.yml");

        var act = () => TestMatrixLoader.Load(path);

        act.Should().Throw<MatrixException>().WithMessage($"{path}:22:17: targets.refvm.memory_mib: *");
    }

    [Test]
    public void A_duplicate_key_deep_inside_a_definition_is_reported_at_the_second_occurrence()
    {
        var text = File.ReadAllText(MatrixSamples.Path("valid-minimal.yml")).Replace("    vcpus: 2\n", "    vcpus: 2\n    vcpus: 4\n", StringComparison.Ordinal);

        var act = () => TestMatrixLoader.Parse(text, "m.yml", MatrixSamples.Directory);

        act.Should().Throw<MatrixException>()
            .WithMessage("m.yml:24:5: targets.refvm.vcpus: expected each key once in a mapping (first 'vcpus' at line 23), got duplicate key 'vcpus'");
    }

    [Test]
    public void An_unreadable_matrix_file_is_a_matrix_error_too()
    {
        var act = () => TestMatrixLoader.Load(MatrixSamples.Path("no-such-matrix.yml"));

        act.Should().Throw<MatrixException>().Which.Field.Should().Be("(file)");
    }
}
