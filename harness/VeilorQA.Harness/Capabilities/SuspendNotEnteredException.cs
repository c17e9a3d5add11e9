namespace VeilorQA.Harness.Capabilities;

/// <summary>The target still answered its shell a whole entry budget after <c>systemctl suspend</c>: it did not suspend.</summary>
/// <remarks>Not an infrastructure failure: the shell answers, so the target's state is known, and it is awake.</remarks>
public sealed class SuspendNotEnteredException : Exception
{
    public SuspendNotEnteredException(TimeSpan budget, string journal)
        : base($"the target still answered {budget.TotalSeconds:0} s after 'systemctl suspend': it did not suspend")
    {
        Budget = budget;
        Journal = journal;
    }

    /// <summary>How long the target had to fall silent.</summary>
    public TimeSpan Budget { get; }

    /// <summary>The journal since the suspend request (plain text, for the report).</summary>
    public string Journal { get; }
}
