namespace VeilorQA.Harness.Guest.Drm;

/// <summary>Parses the probe's sysfs listing: <c>card NAME DRIVER</c>, <c>connector NAME STATUS MODE,MODE,</c>, <c>fb NAME</c>.</summary>
public static class DrmSysfsListing
{
    public static (IReadOnlyList<DrmCard> Cards, IReadOnlyList<DrmConnector> Connectors, IReadOnlyList<string> Framebuffers) Parse(string listing)
    {
        var cards = new List<DrmCard>();
        var connectors = new List<DrmConnector>();
        var framebuffers = new List<string>();
        foreach (var line in ProbeShell.Lines(listing))
        {
            var parts = line.Split(' ', 4);
            switch (parts[0])
            {
                case "card" when parts.Length >= 2:
                    cards.Add(new DrmCard(parts[1], parts.Length >= 3 && parts[2].Length > 0 ? parts[2] : null));
                    break;
                case "connector" when parts.Length >= 3:
                    var modes = parts.Length == 4
                        ? parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        : [];
                    connectors.Add(new DrmConnector(parts[1], parts[2], modes));
                    break;
                case "fb" when parts.Length >= 2:
                    framebuffers.Add(line[3..].Trim());
                    break;
                default:
                    throw new GuestOutputException("DRM sysfs listing", "unknown line", line);
            }
        }

        return (cards, connectors, framebuffers);
    }
}
