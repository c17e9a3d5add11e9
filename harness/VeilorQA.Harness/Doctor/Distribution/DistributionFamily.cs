namespace VeilorQA.Harness.Doctor.Distribution;

/// <summary>The package worlds the harness knows: their package names and package manager differ.</summary>
public enum DistributionFamily
{
    /// <summary>Debian and derivatives (apt, dpkg): the build machines.</summary>
    Debian,

    /// <summary>Fedora and derivatives (dnf, rpm): veilor's runner nullstone.</summary>
    Fedora,

    /// <summary>Anything else: fixes are given with Debian's names and a warning.</summary>
    Other,
}
