namespace VeilorQA.Harness.Capabilities;

/// <summary>The shell is back after a wake, but within the budget the journal never showed both the kernel's and systemd's resume.</summary>
public sealed class ResumeNotLoggedException : Exception
{
    public ResumeNotLoggedException(TimeSpan budget, string markers)
        : base($"the shell is back but the journal since the suspend shows no complete resume after {budget.TotalSeconds:0} s ({markers})")
    {
        Budget = budget;
        Markers = markers;
    }

    public TimeSpan Budget { get; }

    /// <summary>Which markers were missing (<c>SuspendResumeMarkers.ToString()</c>).</summary>
    public string Markers { get; }
}
