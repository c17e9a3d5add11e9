namespace VeilorQA.Harness.Reporting;

/// <summary>A name/value label Allure groups and filters by (suite, feature, severity, tag, host, ...).</summary>
public sealed record Label(string Name, string Value)
{
    public static Label Suite(string value) => new(LabelNames.Suite, value);

    public static Label ParentSuite(string value) => new(LabelNames.ParentSuite, value);

    public static Label SubSuite(string value) => new(LabelNames.SubSuite, value);

    public static Label Feature(string value) => new(LabelNames.Feature, value);

    public static Label Severity(Severity value) => new(LabelNames.Severity, value.ToString().ToLowerInvariant());

    public static Label Tag(string value) => new(LabelNames.Tag, value);
}
