using System.Globalization;

namespace VeilorQA.Harness.Bench;

/// <summary>One measured quantity with its repetitions: what the bench table shows as min/median/max.</summary>
/// <param name="Part">The bench part (P1…P5).</param>
/// <param name="Name">What was measured, e.g. "harness: power-on → SSH".</param>
/// <param name="Unit">"s" or "MiB".</param>
/// <param name="Samples">One value per repetition, in measurement order.</param>
public sealed record BenchFigure(string Part, string Name, string Unit, IReadOnlyList<double> Samples)
{
    public double Min => Samples.Min();

    public double Max => Samples.Max();

    /// <summary>The middle sample (the mean of the two middle ones for an even count).</summary>
    public double Median
    {
        get
        {
            var sorted = Samples.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>One table row: part, name, n, min, median, max with the unit.</summary>
    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Part,-3} {Name,-58} {Samples.Count,3} {Min,10:0.00} {Median,10:0.00} {Max,10:0.00} {Unit}");
}
