using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>
/// A fault's <c>expect:</c> — the regular expression one product failure of the broken suite must match for the fault
/// case to be met — compiled with a match timeout, and refused when it could not tell the fault's symptom from another
/// failure: when it matches the empty string, matches unrelated text (a bare wildcard such as <c>.+</c>), or backtracks
/// catastrophically (a match on a long input runs past the timeout).
/// </summary>
public static class FaultExpectation
{
    /// <summary>How long one match may take, at validation and when judging; a real expectation needs microseconds.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    // Text no symptom's expectation has any business matching: a single character, a digit, punctuation, random hex.
    private static readonly string[] UnrelatedTexts = ["x", "7", "#", "3f9c0a7be1d24c58a0f6e2b9d7c41e05"];

    // Inputs that make nested quantifiers backtrack for ever.
    private static readonly string[] HostileInputs =
    [
        new string('a', 5000) + "!",
        new string(' ', 5000) + "!",
        string.Concat(Enumerable.Repeat("ab", 2500)) + "!",
        string.Concat(Enumerable.Repeat("cycle 1: wifi ", 400)) + "\u0000",
    ];

    /// <summary>The compiled expectation (with <see cref="MatchTimeout"/>).</summary>
    /// <exception cref="ArgumentException">Not a regular expression .NET understands.</exception>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Why <paramref name="pattern"/> cannot prove a fault, or null when it can.</summary>
    public static string? Problem(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Regex regex;
        try
        {
            regex = Compile(pattern);
        }
        catch (ArgumentException e)
        {
            return $"not a valid regular expression: {e.Message}";
        }

        try
        {
            if (regex.IsMatch(string.Empty))
            {
                return "it matches the empty string, so any failure message would prove the fault";
            }

            if (UnrelatedTexts.FirstOrDefault(regex.IsMatch) is { } unrelated)
            {
                return $"it matches unrelated text such as '{unrelated}' (a bare wildcard), so any failure message would prove the fault";
            }

            foreach (var input in HostileInputs)
            {
                regex.IsMatch(input);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return $"it backtracks catastrophically: one match took over {MatchTimeout.TotalMilliseconds:0} ms on a 5000-character input";
        }

        return null;
    }
}
