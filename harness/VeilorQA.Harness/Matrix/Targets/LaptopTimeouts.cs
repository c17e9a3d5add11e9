namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>How long to wait for a laptop (<c>timeouts:</c>, in seconds in the YAML).</summary>
/// <param name="Connect">SSH connect and authenticate (default 10 s).</param>
/// <param name="Command">One remote command (default 120 s).</param>
/// <param name="Boot">Reboot until SSH answers again (default 300 s).</param>
/// <param name="Resume">Suspend until SSH answers after wake (default 120 s).</param>
public sealed record LaptopTimeouts(TimeSpan Connect, TimeSpan Command, TimeSpan Boot, TimeSpan Resume)
{
    public static LaptopTimeouts Default { get; } =
        new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(120));
}
