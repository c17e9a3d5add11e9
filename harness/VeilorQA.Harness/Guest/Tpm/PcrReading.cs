using System.Globalization;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Tpm;

/// <summary>PCR values by bank and index, as <c>tpm2_pcrread</c> prints them; digests are lower-case hex without <c>0x</c>.</summary>
public sealed partial record PcrReading(IReadOnlyDictionary<string, IReadOnlyDictionary<int, string>> Banks)
{
    public string? Get(string bank, int index) =>
        Banks.TryGetValue(bank, out var pcrs) && pcrs.TryGetValue(index, out var value) ? value : null;

    /// <summary>All zeros: nothing was ever measured into this PCR (no Secure Boot measurements for PCR 7).</summary>
    public bool IsZero(string bank, int index) => Get(bank, index) is { } v && v.All(c => c == '0');

    [GeneratedRegex(@"^\s{2}(\w+):\s*$")]
    private static partial Regex BankLine();

    [GeneratedRegex(@"^\s+(\d+)\s*:\s*(?:0x)?([0-9A-Fa-f]+)\s*$")]
    private static partial Regex PcrLine();

    /// <summary>Also reads the <c>pcrs:</c> block of <c>tpm2_eventlog</c>, which has the same shape.</summary>
    public static PcrReading Parse(string text)
    {
        var banks = new Dictionary<string, IReadOnlyDictionary<int, string>>(StringComparer.Ordinal);
        Dictionary<int, string>? current = null;
        foreach (var line in ProbeShell.Lines(text))
        {
            if (BankLine().Match(line) is { Success: true } bank)
            {
                current = new Dictionary<int, string>();
                banks[bank.Groups[1].Value] = current;
                continue;
            }

            if (PcrLine().Match(line) is { Success: true } pcr && current is not null)
            {
                current[int.Parse(pcr.Groups[1].Value, CultureInfo.InvariantCulture)] = pcr.Groups[2].Value.ToLowerInvariant();
                continue;
            }

            throw new GuestOutputException("tpm2_pcrread", "expected '  bank:' or '    N : 0x...'", line);
        }

        return new PcrReading(banks);
    }
}
