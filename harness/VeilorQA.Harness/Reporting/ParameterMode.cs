namespace VeilorQA.Harness.Reporting;

/// <summary>How the report shows a parameter's value.</summary>
public enum ParameterMode
{
    /// <summary>Shown as it is.</summary>
    Default,

    /// <summary>Shown as asterisks; the harness also writes the value itself masked so no secret reaches the file.</summary>
    Masked,

    /// <summary>Not shown at all (still part of the history id unless excluded).</summary>
    Hidden,
}
