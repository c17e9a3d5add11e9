namespace VeilorQA.Harness.Install;

/// <summary>
/// What a reproduction (<c>veilorqa repro</c>) may put in place of the run's defaults: another ISO (checked against its
/// sha256 before anything boots), the user's own kickstart, another OCI layout as the candidate image.
/// </summary>
public sealed record InstallOverrides
{
    /// <summary>No override: the reference installer ISO, veilor's kickstart template, the reference guest's candidate.</summary>
    public static InstallOverrides None { get; } = new();

    /// <summary>An ISO on this machine (with <see cref="IsoSha256"/>).</summary>
    public string? IsoPath { get; init; }

    /// <summary>The ISO's expected sha256.</summary>
    public string? IsoSha256 { get; init; }

    /// <summary>Where <see cref="IsoPath"/> was downloaded from, when it was.</summary>
    public Uri? IsoUrl { get; init; }

    /// <summary>
    /// A kickstart file: a template (with <c>@REGISTRY@</c>, <c>@IMAGE_URL@</c>, <c>@PASSPHRASE@</c> … fields, filled like
    /// vms/kickstart/veilor.ks.in) or a finished kickstart delivered as it is (its own passphrase, its own --url).
    /// </summary>
    public string? KickstartFile { get; init; }

    /// <summary>An OCI image layout with tags 1 and 2 and a digests.env (as <c>veilorqa image build</c> writes), pushed instead of the reference guest's.</summary>
    public string? ImageLayout { get; init; }

    /// <summary>The install fault the bundle recorded (replay), when the matrix run does not name one.</summary>
    public string? Fault { get; init; }
}
