namespace VeilorQA.Harness.Libvirt;

/// <summary>libvirt's <c>virDomainXMLFlags</c> for reading a domain's XML.</summary>
[Flags]
public enum DomainXmlFlags
{
    None = 0,

    /// <summary>Include security-sensitive data (passwords of graphics).</summary>
    Secure = 1,

    /// <summary>The persistent definition instead of the live one.</summary>
    Inactive = 2,

    /// <summary>Only what another host could start.</summary>
    Migratable = 8,
}
