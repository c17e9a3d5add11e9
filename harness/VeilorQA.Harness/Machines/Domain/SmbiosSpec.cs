namespace VeilorQA.Harness.Machines.Domain;

/// <summary>SMBIOS tables the guest reads: type 1 (system) fields and type 11 OEM strings.</summary>
/// <remarks>The reference guest reads its faults from these, so a fault is switched on per boot without rebuilding it.</remarks>
/// <param name="System">Type 1 fields by libvirt entry name: manufacturer, product, version, serial, sku, family.</param>
/// <param name="OemStrings">Type 11 strings in order.</param>
public sealed record SmbiosSpec(IReadOnlyDictionary<string, string> System, IReadOnlyList<string> OemStrings)
{
    /// <summary>The type 1 field names libvirt accepts (uuid is the domain's own).</summary>
    public static readonly IReadOnlySet<string> SystemFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "manufacturer", "product", "version", "serial", "sku", "family",
    };

    /// <summary>No SMBIOS entries.</summary>
    public static SmbiosSpec Empty { get; } = new(new Dictionary<string, string>(), []);

    public bool IsEmpty => System.Count == 0 && OemStrings.Count == 0;
}
