using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Power-cycling a laptop through its power adapter, with its console or keyboard adapter there to answer the LUKS prompt.</summary>
/// <remarks>
/// A laptop's own kernel command line decides where the prompt is asked (the last <c>console=</c>); the route
/// names the adapter the caller will answer on, and is refused when the laptop lacks that adapter.
/// </remarks>
public sealed class LaptopBootCycle : IBootCycle
{
    private readonly SshTarget _target;
    private readonly LaptopPower _power;

    internal LaptopBootCycle(SshTarget target, LaptopPower power)
    {
        _target = target;
        _power = power;
        CurrentRoute = target.Laptop.Adapters.Console is not null ? LuksPromptRoute.Serial : LuksPromptRoute.Keyboard;
    }

    /// <inheritdoc />
    public LuksPromptRoute CurrentRoute { get; private set; }

    /// <inheritdoc />
    /// <exception cref="CapabilityMissingException">The laptop has no adapter for <paramref name="route"/>.</exception>
    public async Task PowerCycleAsync(LuksPromptRoute route, CancellationToken cancellationToken = default)
    {
        var adapters = _target.Laptop.Adapters;
        if (route == LuksPromptRoute.Serial && adapters.Console is null)
        {
            throw new CapabilityMissingException("a LUKS prompt on the serial console", $"laptop {_target.Definition.Name} has no console adapter");
        }

        if (route == LuksPromptRoute.Keyboard && adapters.Keyboard is null)
        {
            throw new CapabilityMissingException("a LUKS prompt typed on the keyboard", $"laptop {_target.Definition.Name} has no keyboard adapter");
        }

        await _power.PowerOffAsync(_target.Timeouts.Command, cancellationToken);
        await _target.DrainConsoleAsync(cancellationToken);
        await _power.PowerOnAsync(cancellationToken);
        CurrentRoute = route;
    }
}
