using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>Tunables of a suite (<c>settings:</c>); null means the suite's own default.</summary>
/// <param name="Cycles">Repetitions, e.g. suspend/resume cycles (1..100).</param>
/// <param name="SleepSeconds">How long one suspend lasts, <c>sleep_s</c> (5..3600).</param>
/// <param name="WifiReconnectBudgetSeconds">Time wifi may take to come back after resume, <c>wifi_reconnect_budget_s</c> (1..600).</param>
/// <param name="BootTimeoutSeconds">Power-on to SSH, <c>boot_timeout_s</c> (10..7200).</param>
/// <param name="LuksPrompt">Where the LUKS passphrase is typed.</param>
/// <param name="TpmPcrs">PCRs to bind, e.g. <c>7+14</c>.</param>
/// <param name="Candidate">Artifact to upgrade to (oci-image or reference-guest).</param>
/// <param name="TailscaleZone">The firewalld zone veilor binds <c>tailscale0</c> to, <c>tailscale_zone</c>.</param>
/// <param name="WaivedUnits">Units whose failure the health suite accepts, each with the reason (<c>waive_units:</c>).</param>
public sealed record SuiteSettings(
    int? Cycles,
    int? SleepSeconds,
    int? WifiReconnectBudgetSeconds,
    int? BootTimeoutSeconds,
    LuksPromptRoute? LuksPrompt,
    string? TpmPcrs,
    string? Candidate,
    string? TailscaleZone = null,
    ValueList<UnitWaiver>? WaivedUnits = null)
{
    public static SuiteSettings None { get; } = new(null, null, null, null, null, null, null);
}
