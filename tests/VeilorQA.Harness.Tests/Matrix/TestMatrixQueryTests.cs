using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Tests.Matrix;

public class TestMatrixQueryTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

    [Test]
    public void Cases_for_a_suite_come_from_the_default_runs_with_the_fault_case_expected_to_fail()
    {
        // kms also runs on the installed system (run install, target refiso): these are the reference guest's cases.
        var cases = Real.CasesFor("kms").Where(c => c.Target.Name == "refvm").ToList();

        cases.Should().HaveCount(2);
        Real.CasesFor("kms").Should().ContainSingle(c => c.Target.Name == "refiso" && c.Expected == Expectation.Pass);
        (cases[0].DisplayName, cases[0].Expected).Should().Be(("kms@refvm", Expectation.Pass));
        cases[1].DisplayName.Should().StartWith("kms@refvm+");
        cases[1].Expected.Should().Be(Expectation.Fail);
        cases.Should().AllSatisfy(c =>
        {
            c.Target.Name.Should().Be("refvm");
            c.Artifact.Should().BeOfType<ReferenceGuestArtifact>();
            c.CanRun.Should().BeTrue();
        });
        cases[1].Faults.Select(f => f.Name).Should().Contain("nomodeset");
    }

    [Test]
    public void Every_fault_has_a_run_of_its_own_expecting_exactly_its_suite_to_fail()
    {
        foreach (var fault in Real.Faults)
        {
            var run = Real.FaultRuns.Should().ContainSingle(r => r.Faults.Count == 1 && r.Faults.Contains(fault.Name)).Subject;
            Real.Cases(r => r == run).Where(c => c.Expected == Expectation.Fail)
                .Should().ContainSingle().Which.Suite.Name.Should().Be(fault.Breaks);
        }
    }

    [Test]
    public void The_default_fault_run_expects_each_of_its_faults_to_fail_its_own_suite_and_names_the_message()
    {
        var runs = Real.DefaultRuns.Where(r => r.IsFaultRun).ToList();
        runs.Should().NotBeEmpty();
        foreach (var run in runs)
        {
            var cases = Real.Cases(r => r == run);

            cases.Should().OnlyContain(c => c.Expected == Expectation.Fail, "every suite of a default fault run is broken by one of its faults");
            cases.Select(c => c.Suite.Name).Should().BeEquivalentTo(run.Faults.Select(f => Real.Fault(f).Breaks));
            run.Faults.Select(Real.Fault).Should().OnlyContain(f => f.Expect != null, "CI checks each failure's message");
        }
    }

    [Test]
    public void A_suite_needing_a_capability_the_target_lacks_is_a_skipped_case_naming_it()
    {
        var cases = Real.CasesFor("suspend-wifi", _ => true);

        var veilorVm = cases.Should().ContainSingle(c => c.Target.Name == "veilor-vm").Subject;
        veilorVm.CanRun.Should().BeFalse();
        veilorVm.MissingCapabilities.Should().Equal(Capability.Wifi);
        cases.Where(c => c.Target.Name != "veilor-vm").Should().OnlyContain(c => c.CanRun);
    }

    [Test]
    public void A_vm_derives_its_capabilities_and_a_laptop_declares_them()
    {
        // refvm switches off only the install (it has no install_image): a capability every VM has needs no edit here.
        Real.Target("refvm").Capabilities.Should().Equal(Enum.GetValues<Capability>().Where(c => c != Capability.Install));
        Real.Target("refiso").Capabilities.Should().Contain(Capability.Install);
        // The loopback laptop has no console, keyboard or power adapter: LUKS prompt steps skip with that reason.
        Real.Target("refvm-over-ssh").Capabilities.Should().Equal(
            Capability.Tpm, Capability.SecureBoot, Capability.Suspend, Capability.Wifi);
        Real.Target("lab-x1").Has(Capability.Keyboard).Should().BeTrue();
    }

    [Test]
    public void An_unknown_name_from_outside_the_file_lists_what_is_defined()
    {
        var act = () => Real.CasesFor("wifi");

        act.Should().Throw<KeyNotFoundException>().WithMessage("No suite named 'wifi'*boot-luks, tpm*");
    }

    [Test]
    public void A_pinned_image_is_pulled_by_digest()
    {
        var image = new OciImageArtifact("img", "ghcr.io/veilor/veilor-os:43", "sha256:" + new string('a', 64));

        image.PullReference.Should().Be("ghcr.io/veilor/veilor-os@sha256:" + new string('a', 64));
        (image with { Digest = null }).PullReference.Should().Be("ghcr.io/veilor/veilor-os:43");
    }
}
