using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Power;

/// <summary>Turns a matrix power adapter into the <see cref="IPower"/> that drives it.</summary>
public static class PowerControl
{
    /// <summary>A <see cref="CommandPower"/> or <see cref="IpmiPower"/>; an IPMI password is resolved now.</summary>
    /// <exception cref="NotSupportedException">An adapter type this harness does not drive.</exception>
    public static IPower For(PowerAdapter adapter) => adapter switch
    {
        CommandPowerAdapter command => new CommandPower(command),
        IpmiPowerAdapter ipmi => new IpmiPower(IpmiPowerOptions.From(ipmi)),
        _ => throw new NotSupportedException($"power adapter type '{adapter.Type}' is not supported (command, ipmi are)."),
    };
}
