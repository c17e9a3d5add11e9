namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>The result of <see cref="KickstartOptionParser.Parse"/>: option values by destination, and the plain words.</summary>
internal sealed class KickstartOptions(Dictionary<string, object?> values, IReadOnlyList<string> positionals)
{
    public IReadOnlyList<string> Positionals { get; } = positionals;

    public string? Text(string dest) => (string?)values[dest];

    public bool Flag(string dest) => (bool)values[dest]!;

    public int? Int(string dest) => values[dest] is long n ? checked((int)n) : null;
}
