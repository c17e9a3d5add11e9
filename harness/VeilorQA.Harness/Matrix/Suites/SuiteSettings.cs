namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>Tunables of a suite (<c>settings:</c>), each read by the suite it belongs to; null means the suite's own default.</summary>
/// <param name="Cycles">Suspend/resume cycles of suspend-wifi, <c>cycles</c> (1..100).</param>
/// <param name="SleepSeconds">How long one suspend of suspend-wifi lasts, <c>sleep_s</c> (5..3600).</param>
/// <param name="WifiReconnectBudgetSeconds">Time wifi may take to come back after a resume, <c>wifi_reconnect_budget_s</c> (1..600).</param>
/// <param name="BootTimeoutSeconds">Power-on to the LUKS prompt in boot-luks, <c>boot_timeout_s</c> (10..7200); the target's boot timeout otherwise.</param>
/// <param name="TpmPcrs">The PCRs a TPM unlock binds (<c>tpm_pcrs</c>, e.g. <c>7+14</c>): the tpm suite checks each is measured and replays from the event log.</param>
/// <param name="TailscaleZone">The firewalld zone veilor binds <c>tailscale0</c> to, <c>tailscale_zone</c> (firewall suite).</param>
/// <param name="WaivedUnits">Units whose failure the health suite accepts, each with the reason (<c>waive_units:</c>).</param>
public sealed record SuiteSettings(
    int? Cycles,
    int? SleepSeconds,
    int? WifiReconnectBudgetSeconds,
    int? BootTimeoutSeconds,
    string? TpmPcrs,
    string? TailscaleZone = null,
    ValueList<UnitWaiver>? WaivedUnits = null)
{
    public static SuiteSettings None { get; } = new(null, null, null, null, null);

    /// <summary>The PCR numbers of <see cref="TpmPcrs"/>, or <paramref name="fallback"/> when it is not set.</summary>
    public IReadOnlyList<int> TpmPcrList(params int[] fallback) =>
        TpmPcrs is null
            ? fallback
            : TpmPcrs.Split('+').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
