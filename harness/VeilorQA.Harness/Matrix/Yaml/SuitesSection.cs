using System.Globalization;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>suites:</c>: required capabilities and typed settings.</summary>
internal static partial class SuitesSection
{
    private static readonly string[] SettingKeys =
        ["cycles", "sleep_s", "wifi_reconnect_budget_s", "boot_timeout_s", "tpm_pcrs", "tailscale_zone", "waive_units"];

    public static IReadOnlyList<Suite> Read(MatrixReadContext context, NamedEntry section)
    {
        var suites = new List<Suite>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "suite", allowEmpty: false))
        {
            // `kms:` with nothing under it is a suite with no requirements and default settings.
            var map = entry.Value is YamlScalar { IsNull: true }
                ? null
                : context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["description", "requires", "settings"]);
            var suite = new Suite(
                entry.Name,
                map?.OptionalString("description"),
                map is null ? ValueList<Capability>.Empty : ReadRequires(context, map),
                map is null ? SuiteSettings.None : ReadSettings(context, map));
            context.Suites.Add(entry.Name, suite);
            suites.Add(suite);
        }

        return suites;
    }

    private static ValueList<Capability> ReadRequires(MatrixReadContext context, MappingReader map)
    {
        var sequence = map.OptionalSequence("requires", $"a list of capabilities, each {MatrixEnumNames.Capability.Expected}");
        if (sequence is null)
            return ValueList<Capability>.Empty;
        var capabilities = new List<Capability>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"{map.PathOf("requires")}[{i}]";
            var capability = context.Enum(sequence.Items[i], path, sequence.Start, MatrixEnumNames.Capability);
            if (capabilities.Contains(capability))
                throw context.Error(sequence.Items[i].Start, path, "each capability once", $"'{MatrixEnumNames.Capability.NameOf(capability)}' again");
            capabilities.Add(capability);
        }

        return new ValueList<Capability>(capabilities);
    }

    private static SuiteSettings ReadSettings(MatrixReadContext context, MappingReader suite)
    {
        var map = suite.OptionalMapping("settings", SettingKeys);
        if (map is null)
            return SuiteSettings.None;

        const string pcrsExpected = "PCR numbers 0..23 joined by '+', like 7+14";
        var pcrs = map.OptionalString("tpm_pcrs", pcrsExpected);
        if (pcrs is not null && (!PcrsPattern().IsMatch(pcrs) || pcrs.Split('+').Any(p => int.Parse(p, CultureInfo.InvariantCulture) > 23)))
            throw context.Error(map.ValuePosition("tpm_pcrs"), map.PathOf("tpm_pcrs"), pcrsExpected, $"'{pcrs}'");

        const string zoneExpected = "a firewalld zone name (letters, digits, '_' and '-', at most 32)";
        var zone = map.OptionalString("tailscale_zone", zoneExpected);
        if (zone is not null && !ZonePattern().IsMatch(zone))
            throw context.Error(map.ValuePosition("tailscale_zone"), map.PathOf("tailscale_zone"), zoneExpected, $"'{zone}'");

        return new SuiteSettings(
            map.OptionalIntOrNull("cycles", 1, 100),
            map.OptionalIntOrNull("sleep_s", 5, 3600),
            map.OptionalIntOrNull("wifi_reconnect_budget_s", 1, 600),
            map.OptionalIntOrNull("boot_timeout_s", 10, 7200),
            pcrs,
            zone,
            ReadWaivers(context, map));
    }

    private static ValueList<UnitWaiver>? ReadWaivers(MatrixReadContext context, MappingReader settings)
    {
        const string expected = "a mapping of systemd unit names (like foo.service) to the reason their failure is accepted";
        if (!settings.IsSet("waive_units"))
            return null;
        var node = settings.Value("waive_units")!;
        if (node is not YamlMapping mapping || mapping.Entries.Count == 0)
            throw context.Error(node.Start, settings.PathOf("waive_units"), expected, node is YamlMapping ? "an empty mapping" : node.Describe());
        var waivers = new List<UnitWaiver>();
        foreach (var (key, value) in mapping.Entries)
        {
            var path = MatrixReadContext.Join(settings.PathOf("waive_units"), key.Value);
            if (!UnitPattern().IsMatch(key.Value))
                throw context.Error(key.Start, path, "a systemd unit name with its type, like foo.service or var-tmp.mount", $"'{key.Value}'");
            waivers.Add(new UnitWaiver(key.Value, context.String(value, path, key.Start, "why this unit may fail (shown in the report)")));
        }

        return new ValueList<UnitWaiver>(waivers);
    }

    [GeneratedRegex(@"^[0-9]{1,2}(\+[0-9]{1,2})*$")]
    private static partial Regex PcrsPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^[A-Za-z0-9:_.\\@-]+\.(service|socket|mount|automount|swap|target|path|timer|slice|scope|device)$")]
    private static partial Regex UnitPattern();
}
