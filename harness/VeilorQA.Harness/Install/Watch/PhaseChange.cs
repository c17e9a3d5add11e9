namespace VeilorQA.Harness.Install.Watch;

/// <summary>The install entered <paramref name="Phase"/> at <paramref name="At"/>, announced by <paramref name="Line"/>.</summary>
public sealed record PhaseChange(InstallPhase Phase, DateTimeOffset At, string Line);
