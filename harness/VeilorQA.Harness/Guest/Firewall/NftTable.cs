namespace VeilorQA.Harness.Guest.Firewall;

/// <summary>A table of the kernel's nftables ruleset (<c>nft list tables</c>: <c>table inet firewalld</c>).</summary>
public sealed record NftTable(string Family, string Name)
{
    /// <summary>The table firewalld's nftables backend owns; the iptables backend never creates it.</summary>
    public static readonly NftTable Firewalld = new("inet", "firewalld");

    public override string ToString() => $"table {Family} {Name}";

    /// <summary>Parses <c>nft list tables</c>; lines that are not <c>table FAMILY NAME</c> are ignored.</summary>
    public static IReadOnlyList<NftTable> ParseList(string output) =>
        output.Split('\n')
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length == 3 && w[0] == "table")
            .Select(w => new NftTable(w[1], w[2]))
            .ToList();
}
