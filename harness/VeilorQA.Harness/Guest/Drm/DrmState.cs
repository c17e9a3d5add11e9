namespace VeilorQA.Harness.Guest.Drm;

/// <summary>What the guest's graphics stack looks like: drivers bound, connectors, fbdev, nomodeset evidence.</summary>
public sealed record DrmState(
    IReadOnlyList<DrmCard> Cards,
    IReadOnlyList<DrmConnector> Connectors,
    IReadOnlyList<string> Framebuffers,
    bool NomodesetOnCmdline,
    IReadOnlyList<string> NomodesetKernelMessages)
{
    /// <summary>The kernel line printed when nomodeset is in effect (drivers/video/nomodeset.c).</summary>
    public const string NomodesetMessage = "Only the system framebuffer will be available";

    public bool NativeDriverBound => Cards.Any(c => c.IsNative);

    public IReadOnlyList<DrmConnector> ConnectedConnectors => Connectors.Where(c => c.IsConnected).ToList();

    /// <summary>Only a firmware framebuffer (simpledrm/efifb): the screen works until something needs a mode change.</summary>
    public bool FirmwareFramebufferOnly => !NativeDriverBound && (Cards.Any(c => c.IsFirmwareFramebuffer) || Framebuffers.Count > 0);

    /// <summary>The KMS release check: a native driver, a connected connector, no nomodeset.</summary>
    public bool KernelModesettingWorks => NativeDriverBound && ConnectedConnectors.Count > 0 && !NomodesetOnCmdline;

    /// <summary>One line a release manager can read, naming the evidence.</summary>
    public string Verdict
    {
        get
        {
            var native = Cards.Where(c => c.IsNative).Select(c => $"{c.Driver} on {c.Name}").ToList();
            var connected = ConnectedConnectors.Select(c => c.Modes.Count > 0 ? $"{c.Name} ({c.Modes[0]})" : c.Name).ToList();
            if (KernelModesettingWorks)
            {
                return $"KMS OK: native driver {string.Join(", ", native)} drives {string.Join(", ", connected)}.";
            }

            var problems = new List<string>();
            if (NomodesetOnCmdline)
            {
                problems.Add("'nomodeset' is on the kernel command line");
            }

            if (NomodesetKernelMessages.Count > 0)
            {
                problems.Add($"the kernel logged \"{NomodesetMessage}\"");
            }

            if (!NativeDriverBound)
            {
                var fallback = Cards.Where(c => c.IsFirmwareFramebuffer).Select(c => c.Driver!).Concat(Framebuffers).Distinct().ToList();
                problems.Add(fallback.Count > 0
                    ? $"no native DRM driver is bound, only the firmware framebuffer ({string.Join(", ", fallback)})"
                    : "no DRM device at all");
            }
            else if (connected.Count == 0)
            {
                problems.Add($"{string.Join(", ", native)} is bound but no connector is connected ({Describe(Connectors)})");
            }

            return $"KMS FAILED: {string.Join("; ", problems)}.";
        }
    }

    private static string Describe(IReadOnlyList<DrmConnector> connectors) =>
        connectors.Count == 0 ? "no connectors" : string.Join(", ", connectors.Select(c => $"{c.Name} {c.Status}"));

    public override string ToString() => Verdict;
}
