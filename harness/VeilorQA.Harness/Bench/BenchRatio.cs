using System.Globalization;

namespace VeilorQA.Harness.Bench;

/// <summary>A ratio of two figures' medians, with the goal the issue sets for it (e.g. harness/bare ≤ 1.05).</summary>
/// <param name="Part">The bench part.</param>
/// <param name="Name">e.g. "harness ÷ bare QEMU".</param>
/// <param name="Value">Numerator median ÷ denominator median.</param>
/// <param name="Goal">The goal as text, e.g. "≤ 1.05"; null when none.</param>
/// <param name="GoalMet">Whether <paramref name="Value"/> meets the goal (null when there is none).</param>
public sealed record BenchRatio(string Part, string Name, double Value, string? Goal, bool? GoalMet)
{
    /// <summary>Median of <paramref name="numerator"/> ÷ median of <paramref name="denominator"/>, judged against an upper or lower bound.</summary>
    public static BenchRatio Of(string part, string name, BenchFigure numerator, BenchFigure denominator, double? atMost = null, double? atLeast = null)
    {
        var value = numerator.Median / denominator.Median;
        string? goal = atMost is { } most ? string.Create(CultureInfo.InvariantCulture, $"<= {most}") : atLeast is { } least ? string.Create(CultureInfo.InvariantCulture, $">= {least}") : null;
        bool? met = atMost is { } m ? value <= m : atLeast is { } l ? value >= l : null;
        return new BenchRatio(part, name, value, goal, met);
    }

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Part,-3} {Name,-58} {Value,10:0.00}{(Goal is null ? string.Empty : $"   goal {Goal}: {(GoalMet == true ? "met" : "NOT met")}")}");
}
