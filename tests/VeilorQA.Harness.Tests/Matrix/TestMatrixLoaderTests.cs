using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Tests.Matrix;

public class TestMatrixLoaderTests
{
    [Test]
    public void The_real_matrix_loads_with_the_reference_guest_vm_as_default_target()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        var target = matrix.DefaultTarget.Should().BeOfType<VmProfile>().Subject;
        target.Name.Should().Be("refvm");
        matrix.ArtifactOf(target).Should().BeOfType<ReferenceGuestArtifact>()
            .Which.Recipe.Should().Be(Path.Combine(MatrixSamples.RepositoryRoot, "vms", "reference"));
        target.Firmware.Should().Be(Firmware.Uefi);
        target.SecureBoot.Should().BeTrue();
        target.Tpm.Should().Be(TpmVersion.Tpm20);
        target.Video.Should().Be(VideoModel.Bochs);
        target.Disks.Should().Equal(new VmDisk(8));
        matrix.Suites.Select(s => s.Name).Should().Equal(
            "install", "boot-luks", "tpm", "logs-9p", "kms", "firstboot", "suspend-wifi", "usbguard", "bootc-upgrade", "branding", "firewall", "health");
        matrix.Faults.Select(f => f.Name).Should().Equal(
            "nomodeset", "wifi-no-resume", "usbguard-allow-all", "9p-blocked", "firstboot-unit-unwanted",
            "tailscale-zone-default", "skel-unbranded", "tpm-policy-without-pcr7", "unit-fails-at-boot", "luks-keyfile-in-initramfs", "update-not-finalized",
            "install-kickstart-syntax", "install-disk-too-small", "install-registry-unreachable", "install-tag-missing", "install-digest-mismatch",
            "install-post-fails", "install-network-late");
        matrix.Suite("suspend-wifi").Settings.Should().Be(SuiteSettings.None with { Cycles = 3, SleepSeconds = 20, WifiReconnectBudgetSeconds = 30 });
    }

    [Test]
    public void The_real_matrix_has_a_laptop_entry_over_loopback_ssh_outside_the_default_run()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        var laptop = matrix.Target("refvm-over-ssh").Should().BeOfType<LaptopEntry>().Subject;
        laptop.Host.Should().Be("127.0.0.1");
        laptop.KeyFile.Should().NotBeNull();
        laptop.HostKeyFingerprintFile.Should().NotBeNull();
        laptop.InstalledArtifact.Should().Be("reference");
        var runs = matrix.Runs.Where(r => r.Target == laptop.Name).ToList();
        runs.Should().ContainSingle().Which.IsDefault.Should().BeFalse();
        matrix.DefaultRuns.Should().NotContain(r => r.Target == laptop.Name);
    }

    [Test]
    public void The_real_matrix_round_trips_through_the_writer_into_an_equal_model()
    {
        var original = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        var yaml = TestMatrixWriter.ToYaml(original);
        var reloaded = TestMatrixLoader.Parse(yaml, "written.yml", MatrixSamples.RepositoryRoot);

        reloaded.Should().Be(original);
        TestMatrixWriter.ToYaml(reloaded).Should().Be(yaml);
    }

    [Test]
    public void The_minimal_sample_round_trips_into_an_equal_model()
    {
        var original = TestMatrixLoader.Load(MatrixSamples.Path("valid-minimal.yml"));

        var reloaded = TestMatrixLoader.Parse(TestMatrixWriter.ToYaml(original), "written.yml", MatrixSamples.Directory);

        reloaded.Should().Be(original);
    }

    [Test]
    public void A_changed_value_makes_the_models_differ()
    {
        // Guards the round-trip test: equality must be by content, not always true.
        var original = TestMatrixLoader.Load(MatrixSamples.Path("valid-minimal.yml"));
        var vm = (VmProfile)original.Target("refvm");
        var changed = original with
        {
            Targets = new ValueList<TargetEntry>(original.Targets.Select(t => t == vm ? vm with { MemoryMib = 2048 } : t)),
        };

        changed.Should().NotBe(original);
        TestMatrixLoader.Parse(TestMatrixWriter.ToYaml(changed), "w.yml", MatrixSamples.Directory).Should().Be(changed);
    }

    [Test]
    public void An_iso_path_resolves_against_the_matrix_folder_not_the_working_folder()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory("veilorqa-matrix-test-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "images"));
            File.WriteAllText(Path.Combine(folder.FullName, "images", "veilor-43.iso"), "stand-in");
            var text = File.ReadAllText(MatrixSamples.Path("missing-iso.yml"));
            var matrixPath = Path.Combine(folder.FullName, "TestMatrix.yml");
            File.WriteAllText(matrixPath, text);

            // Act
            var matrix = TestMatrixLoader.Load(matrixPath);

            // Assert
            var iso = matrix.Artifact("installer").Should().BeOfType<IsoArtifact>().Subject;
            iso.Path.Should().Be(Path.Combine(folder.FullName, "images", "veilor-43.iso"));
            iso.Url.Should().BeNull();
            iso.Sha256.Should().HaveLength(64);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Optional_keys_take_their_documented_defaults()
    {
        const string text = """
            version: 1
            default_target: vm
            artifacts:
              ref: {kind: reference-guest, recipe: recipe}
            targets:
              vm:
                kind: vm
                artifact: ref
                memory_mib: 512
                disks: [{size_gib: 4}]
              box:
                kind: laptop
                host: box.lab
                user: qa
                agent: true
                host_key_fingerprint: SHA256:1evdzmX3BXKambLyuvIpxoicyvakZHnS/L1Qdz3rwtc
            suites:
              kms:
            runs:
              only: {target: vm, suites: [kms]}
            """;

        var matrix = TestMatrixLoader.Parse(text, "defaults.yml", "/srv/qa");

        matrix.Target("vm").Should().Be(new VmProfile("vm", "ref", null, Firmware.Uefi, false, TpmVersion.None, 512, 2,
            VideoModel.Virtio, new ValueList<VmDisk>([new VmDisk(4)]), UsbController.None, false, NetworkMode.User, null));
        var box = matrix.Target("box").Should().BeOfType<LaptopEntry>().Subject;
        box.Port.Should().Be(22);
        box.UseAgent.Should().BeTrue();
        box.Timeouts.Should().Be(LaptopTimeouts.Default);
        box.DeclaredCapabilities.Should().Be(LaptopCapabilities.None);
        box.Adapters.Should().Be(LaptopAdapters.None);
        matrix.Suite("kms").Should().Be(new Suite("kms", null, ValueList<Capability>.Empty, SuiteSettings.None));
        matrix.Faults.Should().BeEmpty();
        matrix.Run("only").IsDefault.Should().BeTrue();
        ((ReferenceGuestArtifact)matrix.Artifact("ref")).Recipe.Should().Be("/srv/qa/recipe");
    }

    [Test]
    public void Anchors_and_aliases_are_followed()
    {
        const string text = """
            version: 1
            default_target: a
            artifacts:
              ref: {kind: reference-guest, recipe: r}
            targets:
              a: &vm {kind: vm, artifact: ref, memory_mib: 1024, disks: [{size_gib: 8}], video: qxl}
              b: *vm
            suites: {kms: }
            runs:
              all: {target: a, suites: [kms]}
            """;

        var matrix = TestMatrixLoader.Parse(text, "anchors.yml", "/tmp");

        ((VmProfile)matrix.Target("b")).Should().Be((VmProfile)matrix.Target("a") with { Name = "b" });
    }

    [Test]
    public void Secret_references_point_at_environment_variables_and_absolute_files()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        var lab = (LaptopEntry)matrix.Target("lab-x1");
        lab.Adapters.Power.Should().Be(new IpmiPowerAdapter("10.20.0.11", 623, "admin",
            SecretReference.Environment("VEILORQA_X1_IPMI_PASSWORD"), IpmiInterface.Lanplus));
        lab.LuksPassphrase.Should().Be(SecretReference.File("/etc/veilorqa/secrets/x1-luks"));
        lab.Adapters.Console.Should().Be(new TcpConsoleAdapter("10.20.0.12", 7001));
    }

    [Test]
    public void A_secret_reference_resolves_from_the_environment_and_names_only_the_variable_when_unset()
    {
        var variable = $"VEILORQA_TEST_SECRET_{Environment.ProcessId}";
        var reference = SecretReference.Environment(variable);
        try
        {
            Environment.SetEnvironmentVariable(variable, "s3cr3t-value");
            reference.Resolve().Reveal().Should().Be("s3cr3t-value");

            Environment.SetEnvironmentVariable(variable, null);
            var act = () => reference.Resolve();
            act.Should().Throw<InvalidOperationException>().WithMessage($"*{variable}*").Which.Message.Should().NotContain("s3cr3t");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void The_matrix_is_located_upwards_from_the_test_folder()
    {
        TestMatrixLoader.Locate(AppContext.BaseDirectory).Should().Be(MatrixSamples.RealMatrix);
    }
}
