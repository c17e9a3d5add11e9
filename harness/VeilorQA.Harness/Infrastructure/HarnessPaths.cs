namespace VeilorQA.Harness.Infrastructure;

/// <summary>Where the harness keeps state outside the source tree.</summary>
/// <remarks>
/// The cache lives outside any clone so that CI's fresh clone reuses the reference guest build
/// (keyed by content hash). Override with VEILORQA_CACHE and VEILORQA_STATE.
/// </remarks>
public static class HarnessPaths
{
    /// <summary>Build cache (reference guest images, tiny boot guest, downloaded kernels).</summary>
    public static string Cache => Dir("VEILORQA_CACHE", "/var/cache/veilorqa");

    /// <summary>Per-run state: overlays, NVRAM copies, TPM state, saved VMs, sockets, owner files.</summary>
    public static string State => Dir("VEILORQA_STATE", "/var/lib/veilorqa");

    /// <summary>Owner files of runs (one per run id), read by the reaper.</summary>
    public static string Runs => Path.Combine(State, "runs");

    /// <summary>The working folder of one run; everything a run creates on disk lives under it.</summary>
    public static string RunDirectory(RunId run) => Path.Combine(State, run.ResourcePrefix);

    private static string Dir(string variable, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value) ? fallback : value;
    }
}
