namespace VeilorQA.Harness.Guest.Drm;

/// <summary>A display connector (<c>/sys/class/drm/cardN-TYPE-M</c>) with its status and modes.</summary>
public sealed record DrmConnector(string Name, string Status, IReadOnlyList<string> Modes)
{
    public bool IsConnected => Status == "connected";

    /// <summary>The card the connector belongs to: <c>card0</c> for <c>card0-Virtual-1</c>.</summary>
    public string Card => Name[..Name.IndexOf('-', StringComparison.Ordinal)];
}
