using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The capability lines every VM target writes the same way (shell, console, keyboard, screen, power, sleep, USB, 9p share,
/// boot cycle, Secure Boot switch), from its profile; the target adds its update channel. The parts are read at each
/// <see cref="CapabilityTable.Get{T}"/>, so a table written without a VM (readiness checks, tests) offers the same lines.
/// </summary>
public static class VmCapabilityLines
{
    /// <summary>The table of VM target <paramref name="definition"/>, its parts resolved through <paramref name="parts"/> (null: not made).</summary>
    public static CapabilityTable Write(VmProfile definition, Func<VmParts?> parts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(parts);
        var name = $"VM target {definition.Name}";
        var notMade = $"{name} is not made yet";
        var table = new CapabilityTable(name)
            .Offer<IShell>(() => parts()?.Machine.Shell, $"{name} is not booted yet")
            .Offer<ISerialConsole>(() => parts()?.Machine.Console, notMade)
            .Offer<IKeyboard>(() => parts()?.Machine.Vm, notMade)
            .Offer<IScreen>(() => parts()?.Machine.Vm, notMade)
            .Offer<IPower>(() => parts()?.Machine.Vm, notMade);
        table = definition.Suspend ? table.Offer<ISleep>(() => parts()?.Sleep, notMade) : table.Lack<ISleep>($"{name} has suspend: false");
        table = definition.Usb == UsbController.Xhci ? table.Offer<IUsbPort>(() => parts()?.Machine.Vm, notMade) : table.Lack<IUsbPort>($"{name} has no USB controller (usb: none)");
        table = table
            .Offer<ILogShare>(() => parts()?.LogShare, notMade)
            .Offer<IBootCycle>(() => parts()?.Boots, notMade);
        return definition.SecureBoot
            ? table.Offer<ISecureBootSwitch>(() => parts()?.Boots, notMade)
            : table.Lack<ISecureBootSwitch>($"{name} has secure_boot: false: there is no Secure Boot to switch");
    }
}
