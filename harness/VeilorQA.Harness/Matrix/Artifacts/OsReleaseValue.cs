namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>One <c>/etc/os-release</c> field and the value it must have, e.g. <c>NAME=veilor-os</c>.</summary>
public sealed record OsReleaseValue(string Key, string Value)
{
    public override string ToString() => $"{Key}={Value}";
}
