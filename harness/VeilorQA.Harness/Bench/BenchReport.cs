using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VeilorQA.Harness.Bench;

/// <summary>Everything one <c>veilorqa bench</c> measured: figures, ratios, the bare command line and notes; as a table and as JSON.</summary>
public sealed class BenchReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public List<BenchFigure> Figures { get; } = [];

    public List<BenchRatio> Ratios { get; } = [];

    /// <summary>Context a reader needs: accelerator, what a figure was read from, what could not be measured and why.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The bare QEMU command the P1 baseline ran (secrets never appear in it: the passphrase is typed over serial).</summary>
    public string? BareCommand { get; set; }

    /// <summary>The fixed-width table the CLI prints and the README shows.</summary>
    public string ToTable(string command, DateTimeOffset when)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"veilorqa bench — {when:yyyy-MM-dd HH:mm} UTC — `{command}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-3} {"measure",-58} {"n",3} {"min",10} {"median",10} {"max",10}");
        foreach (var figure in Figures)
        {
            text.AppendLine(figure.Row());
        }

        if (Ratios.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"",-3} {"ratio (medians)",-58} {"value",10}");
            foreach (var ratio in Ratios)
            {
                text.AppendLine(ratio.Row());
            }
        }

        if (BareCommand is not null)
        {
            text.AppendLine().AppendLine("P1 bare QEMU command:").AppendLine("  " + BareCommand);
        }

        foreach (var note in Notes)
        {
            text.AppendLine("note: " + note);
        }

        return text.ToString();
    }

    public string ToJson(string command, DateTimeOffset when) => JsonSerializer.Serialize(
        new
        {
            command,
            when,
            figures = Figures.Select(f => new { part = f.Part, name = f.Name, unit = f.Unit, samples = f.Samples, min = f.Min, median = f.Median, max = f.Max }),
            ratios = Ratios.Select(r => new { part = r.Part, name = r.Name, value = r.Value, goal = r.Goal, goal_met = r.GoalMet }),
            bare_command = BareCommand,
            notes = Notes,
        },
        Json);
}
