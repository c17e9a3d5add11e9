namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Power through commands run on the runner (smart plugs, lab scripts); reset falls back to off + on.</summary>
public sealed record CommandPowerAdapter(string On, string Off, string? Reset) : PowerAdapter
{
    public const string TypeName = "command";

    public override string Type => TypeName;
}
