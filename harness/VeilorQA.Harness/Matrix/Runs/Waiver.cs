namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>
/// A run's written-down acceptance that one test, or every test needing one capability, of a suite cannot run on its
/// target (<c>waive: {usbguard/usb_hotplug: "no USB switch on this bench"}</c>). Without one, a skipped or inconclusive
/// test leaves its case not proven; with one, the skip is accepted and shown with its reason in the verdict line, the
/// report and verdicts.json. It is for what a bench physically lacks, never for what the harness has not wired.
/// </summary>
/// <param name="Suite">The suite of the run it applies to.</param>
/// <param name="Subject">A test method of that suite (<c>A_hot_plugged_stick_…</c>) or a capability name (<c>usb_hotplug</c>, <c>boot_cycle</c>).</param>
/// <param name="Reason">Why the bench cannot do it; printed wherever the waiver is used.</param>
public sealed record Waiver(string Suite, string Subject, string Reason)
{
    /// <summary>The key as the matrix writes it, <c>suite/subject</c>.</summary>
    public string Key => $"{Suite}/{Subject}";

    public override string ToString() => $"{Key} ({Reason})";
}
