namespace VeilorQA.Harness.Waiting;

/// <summary>Where a <see cref="Poll"/> stands when it asks its probe: which look this is and how much budget is left (to bound the look itself).</summary>
/// <param name="Number">1 for the first look.</param>
/// <param name="Elapsed">Since the wait started.</param>
/// <param name="Remaining">The budget left; zero or less on a last look after the budget ran out.</param>
public readonly record struct PollAttempt(int Number, TimeSpan Elapsed, TimeSpan Remaining);
