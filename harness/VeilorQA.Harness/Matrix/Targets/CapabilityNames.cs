using System.Reflection;
using System.Text.Json;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>
/// One name per capability interface, as skips record it and waivers name it: the matrix's own spelling where the
/// interface has a <see cref="Capability"/> (<c>usb_hotplug</c> for <see cref="IUsbPort"/>), else the interface name in
/// snake_case without its <c>I</c> (<c>boot_cycle</c> for <see cref="IBootCycle"/>).
/// </summary>
public static class CapabilityNames
{
    private static readonly IReadOnlyDictionary<Type, string> MatrixSpelled = Enum.GetValues<Capability>()
        .Select(c => (Capability: c, Interface: typeof(Capability).GetField(c.ToString())!.GetCustomAttribute<CapabilityInterfaceAttribute>()?.CapabilityInterface))
        .Where(p => p.Interface is not null)
        .ToDictionary(p => p.Interface!, p => Snake(p.Capability.ToString()));

    /// <summary>Every name a waiver may use for a capability: the matrix capabilities and the interfaces without one.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<Capability>().Select(c => Snake(c.ToString()))
        .Concat(typeof(IShell).Assembly.GetTypes()
            .Where(t => t.IsInterface && t.IsPublic && t.Namespace == typeof(IShell).Namespace && !MatrixSpelled.ContainsKey(t))
            .Select(Of))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The name of capability interface <paramref name="capability"/>.</summary>
    public static string Of(Type capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        if (MatrixSpelled.TryGetValue(capability, out var name))
        {
            return name;
        }

        var bare = capability.IsInterface && capability.Name.Length > 1 && capability.Name[0] == 'I' && char.IsUpper(capability.Name[1])
            ? capability.Name[1..]
            : capability.Name;
        return Snake(bare);
    }

    /// <summary>The name of matrix capability <paramref name="capability"/> (<c>usb_hotplug</c>).</summary>
    public static string Of(Capability capability) => Snake(capability.ToString());

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
