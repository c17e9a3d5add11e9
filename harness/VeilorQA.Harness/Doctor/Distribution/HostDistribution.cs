namespace VeilorQA.Harness.Doctor.Distribution;

/// <summary>
/// The distribution the runner is, as far as fixing it goes: its family (package names, package manager) and whether
/// it is one the harness is tested on (Debian 12, Fedora 43).
/// </summary>
public sealed record HostDistribution(DistributionFamily Family, OsRelease Release)
{
    /// <summary>The family of <paramref name="release"/>: by <c>ID</c>, else by <c>ID_LIKE</c>.</summary>
    public static HostDistribution Of(OsRelease release)
    {
        static DistributionFamily FamilyOf(string id) => id switch
        {
            "debian" or "ubuntu" => DistributionFamily.Debian,
            "fedora" or "rhel" or "centos" => DistributionFamily.Fedora,
            _ => DistributionFamily.Other,
        };

        var family = FamilyOf(release.Id);
        if (family == DistributionFamily.Other)
        {
            family = release.IdLike.Select(FamilyOf).FirstOrDefault(f => f != DistributionFamily.Other, DistributionFamily.Other);
        }

        return new HostDistribution(family, release);
    }

    /// <summary>This machine's distribution.</summary>
    /// <exception cref="InvalidDataException">No readable os-release.</exception>
    public static HostDistribution ForThisHost() => Of(OsRelease.ForThisHost());

    /// <summary>Debian 12 or Fedora 43: the releases the harness and scripts/setup.sh are tested on.</summary>
    public bool IsTested => (Release.Id, Release.VersionId) is ("debian", "12") or ("fedora", "43");

    /// <summary>The package manager's install command for <paramref name="packages"/> on this distribution.</summary>
    public string Install(params PackageName[] packages)
    {
        var names = string.Join(' ', packages.Select(p => p.On(Family)));
        return Family == DistributionFamily.Fedora ? $"dnf install -y {names}" : $"apt-get install -y {names}";
    }

    /// <summary>One line for the doctor: the release and how the harness treats it.</summary>
    public string Describe() =>
        $"{Release.PrettyName} (ID={Release.Id} VERSION_ID={Release.VersionId}): {Family} packages, "
        + (Family == DistributionFamily.Fedora ? "dnf" : "apt-get")
        + (IsTested ? string.Empty : "; not a tested release (Debian 12, Fedora 43)");
}
