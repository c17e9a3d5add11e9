namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>A systemd unit the health suite accepts as failed, and why (<c>waive_units:</c>); the reason shows in the report.</summary>
public sealed record UnitWaiver(string Unit, string Reason)
{
    public override string ToString() => $"{Unit} ({Reason})";
}
