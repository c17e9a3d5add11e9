using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VeilorQA.Harness.Guest.Tpm;

/// <summary>The parsed <c>tpm2_eventlog</c> YAML: events, and the PCR values it computes by replaying them.</summary>
public sealed record TpmEventLog(IReadOnlyList<TpmEvent> Events, PcrReading ReplayedPcrs)
{
    public const string EfiGlobalVariableGuid = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

    /// <summary>The SecureBoot variable measured into PCR 7 (EV_EFI_VARIABLE_DRIVER_CONFIG), if the firmware measured it.</summary>
    public TpmEvent? SecureBootEvent => Events.FirstOrDefault(e =>
        e.PcrIndex == 7 && e.EventType == "EV_EFI_VARIABLE_DRIVER_CONFIG" && e.UnicodeName == "SecureBoot");

    /// <summary>True/false from the measured SecureBoot byte; null when the log has no such event.</summary>
    public bool? SecureBootMeasuredEnabled => SecureBootEvent?.VariableData switch
    {
        null => null,
        "01" => true,
        _ => false,
    };

    public IReadOnlyList<TpmEvent> EventsFor(int pcr) => Events.Where(e => e.PcrIndex == pcr).ToList();

    /// <summary>Whether replaying the log gives the PCR value the TPM holds: a log that does not match cannot be trusted.</summary>
    public bool ReplayMatches(PcrReading tpm, string bank, int pcr) =>
        ReplayedPcrs.Get(bank, pcr) is { } replayed && tpm.Get(bank, pcr) == replayed;

    public static TpmEventLog Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new GuestOutputException("tpm2_eventlog", $"not YAML ({e.Message})", yaml, e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new GuestOutputException("tpm2_eventlog", "empty output", yaml);
        }

        var events = new List<TpmEvent>();
        if (Child(root, "events") is YamlSequenceNode list)
        {
            foreach (var node in list.Children.OfType<YamlMappingNode>())
            {
                events.Add(ParseEvent(node, yaml));
            }
        }

        var pcrs = new Dictionary<string, IReadOnlyDictionary<int, string>>(StringComparer.Ordinal);
        if (Child(root, "pcrs") is YamlMappingNode banks)
        {
            foreach (var (bankKey, bankNode) in banks.Children)
            {
                if (bankNode is not YamlMappingNode values)
                {
                    continue;
                }

                var bank = new Dictionary<int, string>();
                foreach (var (k, v) in values.Children)
                {
                    bank[int.Parse(Scalar(k)!.Trim(), CultureInfo.InvariantCulture)] = Hex(Scalar(v)!);
                }

                pcrs[Scalar(bankKey)!] = bank;
            }
        }

        return new TpmEventLog(events, new PcrReading(pcrs));
    }

    private static TpmEvent ParseEvent(YamlMappingNode node, string yaml)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(node, "Digests") is YamlSequenceNode ds)
        {
            foreach (var d in ds.Children.OfType<YamlMappingNode>())
            {
                if (Scalar(Child(d, "AlgorithmId")) is { } alg && Scalar(Child(d, "Digest")) is { } digest)
                {
                    digests[alg] = Hex(digest);
                }
            }
        }
        else if (Scalar(Child(node, "Digest")) is { } sha1)
        {
            digests["sha1"] = Hex(sha1);
        }

        var ev = Child(node, "Event") as YamlMappingNode;
        return new TpmEvent(
            Int(node, "EventNum", yaml),
            Int(node, "PCRIndex", yaml),
            Scalar(Child(node, "EventType")) ?? throw new GuestOutputException("tpm2_eventlog", "event without EventType", yaml),
            digests,
            ev is null ? null : Scalar(Child(ev, "VariableName")),
            ev is null ? null : Scalar(Child(ev, "UnicodeName")),
            ev is null ? null : Scalar(Child(ev, "VariableData")));
    }

    private static int Int(YamlMappingNode node, string key, string yaml) =>
        int.TryParse(Scalar(Child(node, key)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new GuestOutputException("tpm2_eventlog", $"event without integer {key}", yaml);

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private static string Hex(string s) => (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s).ToLowerInvariant();
}
