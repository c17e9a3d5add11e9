using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Reporting;

/// <summary>A named value a test or step ran with (target, artifact, fault, ...).</summary>
/// <remarks>
/// <see cref="Excluded"/> keeps the parameter out of the history id, so e.g. a run id does not split a
/// test's history.
/// </remarks>
public sealed record Parameter(string Name, string Value)
{
    public ParameterMode Mode { get; init; } = ParameterMode.Default;

    public bool Excluded { get; init; }

    /// <summary>A parameter whose value is a secret: written as <see cref="Secret.Mask"/>, marked masked.</summary>
    public static Parameter Masked(string name) => new(name, Secret.Mask) { Mode = ParameterMode.Masked };

    /// <summary>A parameter from any value; a <see cref="Secret"/> becomes a masked parameter.</summary>
    public static Parameter Of(string name, object? value) => value switch
    {
        Secret => Masked(name),
        null => new Parameter(name, "null"),
        _ => new Parameter(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
    };
}
