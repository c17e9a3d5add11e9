using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Matrix;
using VeilorQA.Release.Suites;

namespace VeilorQA.Harness.Tests.Targets;

/// <summary>
/// A run can be GO only when every capability its suites ask for is either offered by its target or waived in the run
/// (an unwaived skip is NO-GO). What a target offers is the capability table the target itself writes, built here without
/// a VM or a connection; what a suite needs is read from its compiled <c>Require&lt;T&gt;()</c> calls and the matrix's
/// <c>requires:</c>. Nothing is listed by hand, so a table or a suite that changes changes the verdict.
/// </summary>
public sealed class RunsCanBeGoTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<Type>> Needs = SuiteCapabilityNeeds.Of(typeof(BootLuksSuite).Assembly);
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Type>>> TestNeeds = SuiteCapabilityNeeds.PerTest(typeof(BootLuksSuite).Assembly);

    [Test]
    public void The_suites_needs_are_read_from_their_compiled_Require_calls()
    {
        Needs["boot-luks"].Should().BeEquivalentTo([typeof(IBootCycle), typeof(ISerialConsole), typeof(IKeyboard), typeof(IScreen)]);
        Needs["logs-9p"].Should().BeEquivalentTo([typeof(ILogShare)]);
        Needs["bootc-upgrade"].Should().BeEquivalentTo([typeof(IUpdateChannel)]);
        Needs["tpm"].Should().Contain([typeof(IBootCycle), typeof(ISecureBootSwitch)]);
        TestNeeds["boot-luks"][nameof(BootLuksSuite.With_the_prompt_on_the_screen_the_passphrase_typed_on_the_keyboard_unlocks)]
            .Should().Equal(typeof(IBootCycle), typeof(IKeyboard), typeof(IScreen), typeof(ISerialConsole));
    }

    [Test]
    public void Every_Require_of_a_suite_is_in_one_of_its_tests_so_the_per_test_reading_misses_none()
    {
        foreach (var (suite, needs) in Needs)
        {
            TestNeeds[suite].Values.SelectMany(t => t).Distinct().Should().BeEquivalentTo(needs.AsEnumerable(), $"suite {suite}");
        }
    }

    [Test]
    public async Task Every_run_this_build_can_make_waives_each_capability_its_target_cannot_offer()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var problems = new List<string>();
        var checkedRuns = 0;
        foreach (var run in matrix.Runs)
        {
            foreach (var resolved in RunResolver.Resolve(matrix, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = [run.Name] }))
            {
                if (TargetFactory.WhyCannotCreate(resolved) is not null)
                {
                    continue;
                }

                checkedRuns++;
                var (table, dispose) = TableOf(resolved);
                await using (dispose)
                {
                    foreach (var matrixCase in resolved.Cases)
                    {
                        var suite = matrixCase.Suite.Name;
                        var waivable = matrixCase.Expected == Expectation.Pass;
                        bool Waived(string subject) => waivable && run.Waivers.Any(w => w.Suite == suite && w.Subject == subject);

                        // A capability the target does not declare skips the whole suite.
                        foreach (var missing in matrixCase.MissingCapabilities.Select(CapabilityNames.Of).Where(m => !Waived(m)))
                        {
                            problems.Add($"run {run.Name}, suite {suite}: the target does not declare {missing}, which the suite requires, and the run does not waive {suite}/{missing}");
                        }

                        // A test skips at the first Require its target lacks, with that capability's name (or is waived by its own name).
                        foreach (var (test, needs) in TestNeeds.GetValueOrDefault(suite, new Dictionary<string, IReadOnlyList<Type>>()))
                        {
                            if (needs.FirstOrDefault(table.Lacks) is { } lacked && !Waived(CapabilityNames.Of(lacked)) && !Waived(test))
                            {
                                problems.Add($"run {run.Name}, suite {suite} ({matrixCase.Expected}), test {test}: skips for {CapabilityNames.Of(lacked)} and the run does not waive "
                                             + $"{suite}/{CapabilityNames.Of(lacked)}: {WhyMissing(table, lacked)}");
                            }
                        }
                    }
                }
            }
        }

        checkedRuns.Should().BeGreaterThan(10, "the real matrix has runs of every target kind this build makes");
        problems.Should().BeEmpty("a skip without a waiver is NO-GO, so such a run could never be GO");
    }

    [Test]
    public async Task The_release_vm_run_gets_from_the_installed_system_every_capability_it_does_not_waive()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var resolved = RunResolver.Resolve(matrix, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = ["release-vm"] }).Single();
        TargetFactory.WhyCannotCreate(resolved).Should().BeNull();
        var (table, dispose) = TableOf(resolved);
        await using (dispose)
        {
            foreach (var capability in new[] { typeof(IBootCycle), typeof(ILogShare), typeof(ISecureBootSwitch), typeof(IUpdateChannel) })
            {
                table.Lacks(capability).Should().BeFalse($"{capability.Name}: {WhyMissing(table, capability)}");
            }
        }
    }

    [Test]
    public void An_installed_system_whose_profile_names_no_update_image_lacks_the_update_channel_and_says_which_key()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var vm = (VmProfile)matrix.Targets.Single(t => t.Name == "veilor-vm") with { UpdateImage = null };
        var name = $"VM target {vm.Name}";

        var table = InstalledVmTarget.CapabilitiesOf(vm, ImageInstallRoute.NoUpdateChannel(name, "ghcr.io/veilor/veilor-os:43", updateNamed: false));

        table.Lacks(typeof(IUpdateChannel)).Should().BeTrue();
        table.WhyMissing<IUpdateChannel>().Should().Contain("update_image:").And.Contain(name);
        table.Lacks(typeof(IBootCycle)).Should().BeFalse();
    }

    [Test]
    public void An_installed_system_without_Secure_Boot_has_none_to_switch()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var vm = (VmProfile)matrix.Targets.Single(t => t.Name == "veilor-vm") with { SecureBoot = false };

        var table = InstalledVmTarget.CapabilitiesOf(vm, noUpdateChannel: null);

        table.Lacks(typeof(ISecureBootSwitch)).Should().BeTrue();
        table.WhyMissing<ISecureBootSwitch>().Should().Contain("secure_boot: false");
        table.Lacks(typeof(IUpdateChannel)).Should().BeFalse();
    }

    /// <summary>The table the run's target writes when it is made (an installing target: its installed system's, plus the install).</summary>
    private static (CapabilityTable Table, IAsyncDisposable Dispose) TableOf(ResolvedRun run)
    {
        var nothing = new NothingToDispose();
        switch (run.Target)
        {
            case VmProfile vm when run.Artifact is ReferenceGuestArtifact:
                return (ReferenceVmTarget.CapabilitiesOf(vm, installed: null), nothing);
            case VmProfile vm when run.Artifact is ReferenceInstallerArtifact:
                return (Installing(ReferenceVmTarget.CapabilitiesOf(vm, new InstalledSystem("disk.qcow2", "the reference installer's install"))), nothing);
            case VmProfile vm when run.Artifact is IsoArtifact:
                var name = $"VM target {vm.Name}";
                var noUpdate = run.UpdateImage is null ? ImageInstallRoute.NoUpdateChannel(name, vm.InstallImage!, updateNamed: false) : null;
                return (Installing(InstalledVmTarget.CapabilitiesOf(vm, noUpdate)), nothing);
            case LaptopEntry laptop:
                var target = new SshTarget(laptop, installed: run.Artifact);
                return (target.Capabilities, target);
            default:
                throw new AssertionException($"run {run.Name}: TargetFactory makes target '{run.Target.Name}', but this test does not know its kind");
        }
    }

    // InstallingVmTarget offers the install and passes every other capability through to the installed system.
    private static CapabilityTable Installing(CapabilityTable installed) => installed.Offer<IInstallation>(() => null, "not installed");

    private static string WhyMissing(CapabilityTable table, Type capability) =>
        (string)typeof(CapabilityTable).GetMethod(nameof(CapabilityTable.WhyMissing))!.MakeGenericMethod(capability).Invoke(table, null)!;

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
