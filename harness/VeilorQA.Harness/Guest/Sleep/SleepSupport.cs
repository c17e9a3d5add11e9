namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>What <c>/sys/power</c> offers: sleep states (<c>freeze mem disk</c>) and mem_sleep modes with the selected one in brackets.</summary>
public sealed record SleepSupport(IReadOnlyList<string> States, IReadOnlyList<string> MemSleepModes, string? SelectedMemSleep)
{
    public bool CanSuspendToRam => States.Contains("mem");

    /// <summary>S3 proper; <c>s2idle</c> is "suspend" too, but resumes differently and drains batteries faster.</summary>
    public bool DeepSelected => SelectedMemSleep == "deep";

    public static SleepSupport Parse(string output)
    {
        string? state = null;
        string? memSleep = null;
        foreach (var line in ProbeShell.Lines(output))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new GuestOutputException("/sys/power", "expected key=value", line);
            }

            switch (line[..eq])
            {
                case "state":
                    state = line[(eq + 1)..];
                    break;
                case "mem_sleep":
                    memSleep = line[(eq + 1)..];
                    break;
            }
        }

        if (state is null)
        {
            throw new GuestOutputException("/sys/power", "no state line", output);
        }

        var modes = Words(memSleep);
        var selected = modes.FirstOrDefault(m => m.StartsWith('[') && m.EndsWith(']'));
        return new SleepSupport(Words(state), modes.Select(m => m.Trim('[', ']')).ToList(), selected?.Trim('[', ']'));
    }

    private static List<string> Words(string? s) =>
        (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
