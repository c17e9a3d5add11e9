using System.Reflection;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Tests.Matrix.Targets;

/// <summary>The matrix's capability names and the harness's capability interfaces are one set.</summary>
public class CapabilityTests
{
    private static readonly IReadOnlyList<Type> CapabilityInterfaces = typeof(IShell).Assembly.GetTypes()
        .Where(t => t.IsInterface && t.IsPublic && t.Namespace == typeof(IShell).Namespace)
        .ToList();

    private static IEnumerable<Capability> Members => Enum.GetValues<Capability>();

    [Test]
    public void Every_matrix_capability_names_its_interface_or_is_a_machine_feature_never_both()
    {
        foreach (var member in Members)
        {
            var field = typeof(Capability).GetField(member.ToString())!;
            var offeredAs = field.GetCustomAttribute<CapabilityInterfaceAttribute>();
            var feature = field.GetCustomAttribute<MachineFeatureAttribute>();
            (offeredAs is null ^ feature is null).Should().BeTrue($"{member} must carry exactly one of [CapabilityInterface] and [MachineFeature]");
            if (offeredAs is not null)
            {
                CapabilityInterfaces.Should().Contain(offeredAs.CapabilityInterface, $"{member} must name an interface of {typeof(IShell).Namespace}");
            }
        }
    }

    [Test]
    public void Every_capability_interface_has_exactly_one_matrix_name_or_says_why_it_has_none()
    {
        var named = Members
            .Select(m => typeof(Capability).GetField(m.ToString())!.GetCustomAttribute<CapabilityInterfaceAttribute>()?.CapabilityInterface)
            .OfType<Type>()
            .ToList();

        foreach (var capability in CapabilityInterfaces)
        {
            var names = named.Count(t => t == capability);
            var notInMatrix = capability.GetCustomAttribute<NotInMatrixAttribute>();
            if (notInMatrix is null)
            {
                names.Should().Be(1, $"{capability.Name} needs one matrix name, or [NotInMatrix(reason)]");
            }
            else
            {
                names.Should().Be(0, $"{capability.Name} is marked [NotInMatrix] yet a capability names it");
                notInMatrix.Reason.Should().NotBeNullOrWhiteSpace();
            }
        }
    }

    [Test]
    public void A_matrix_capability_is_spelled_as_its_name_in_snake_case()
    {
        var matrix = TestMatrixLoader.Parse(
            """
            version: 1
            default_target: vm
            artifacts:
              ref: {kind: reference-guest, recipe: vms/reference}
            targets:
              vm: {kind: vm, artifact: ref, firmware: uefi, secure_boot: true, tpm: "2.0", memory_mib: 1024, vcpus: 2, video: bochs, disks: [{size_gib: 8}], usb: xhci, suspend: true}
            suites:
              usbguard: {requires: [usb_hotplug, log_share, secure_boot, console]}
            runs:
              r: {target: vm, suites: [usbguard]}
            """,
            "inline.yml",
            MatrixSamples.RepositoryRoot);

        matrix.Suite("usbguard").Requires.Should().Equal(Capability.UsbHotplug, Capability.LogShare, Capability.SecureBoot, Capability.Console);
    }
}
