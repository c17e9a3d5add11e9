namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Lab equipment around a laptop (<c>adapters:</c>); each is optional.</summary>
public sealed record LaptopAdapters(PowerAdapter? Power, KeyboardAdapter? Keyboard, ConsoleAdapter? Console)
{
    public static LaptopAdapters None { get; } = new(null, null, null);

    /// <summary>The capabilities these adapters give the laptop.</summary>
    public IEnumerable<Capability> Capabilities
    {
        get
        {
            if (Console is not null)
                yield return Capability.Console;
            if (Keyboard is not null)
                yield return Capability.Keyboard;
            if (Power is not null)
                yield return Capability.Power;
        }
    }
}
