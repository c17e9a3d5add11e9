namespace VeilorQA.Harness.Reporting;

/// <summary>The label names Allure 2 gives a meaning to.</summary>
public static class LabelNames
{
    public const string Suite = "suite";
    public const string ParentSuite = "parentSuite";
    public const string SubSuite = "subSuite";
    public const string Epic = "epic";
    public const string Feature = "feature";
    public const string Story = "story";
    public const string Severity = "severity";
    public const string Tag = "tag";
    public const string Owner = "owner";
    public const string Host = "host";
    public const string Thread = "thread";
    public const string Framework = "framework";
    public const string Language = "language";
    public const string Package = "package";
    public const string TestClass = "testClass";
    public const string TestMethod = "testMethod";
}
