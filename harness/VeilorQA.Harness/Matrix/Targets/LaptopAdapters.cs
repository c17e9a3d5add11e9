namespace VeilorQA.Harness.Matrix;

/// <summary>Lab equipment around a laptop (<c>adapters:</c>); each is optional.</summary>
public sealed record LaptopAdapters(PowerAdapter? Power, KeyboardAdapter? Keyboard, ConsoleAdapter? Console)
{
    public static LaptopAdapters None { get; } = new(null, null, null);
}
