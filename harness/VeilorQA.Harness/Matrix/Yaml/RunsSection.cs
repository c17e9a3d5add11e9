using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>runs:</c>: which suites run on which target, with which faults, and whether by default.</summary>
internal static partial class RunsSection
{
    public static IReadOnlyList<MatrixRun> Read(MatrixReadContext context, NamedEntry section)
    {
        var runs = new List<MatrixRun>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "run", allowEmpty: false))
        {
            var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["target", "suites", "faults", "default", "description", "waive"]);
            var target = map.RequiredString("target", "a target name");
            var suites = context.NameList(map.RequiredSequence("suites", "a list of suite names"), map.PathOf("suites"), "suite", allowEmpty: false);
            var faultList = map.OptionalSequence("faults", "a list of fault names");
            var faults = faultList is null ? [] : context.NameList(faultList, map.PathOf("faults"), "fault", allowEmpty: true);
            var run = new MatrixRun(
                entry.Name,
                target,
                new ValueList<string>(suites.Select(s => s.Name)),
                new ValueList<string>(faults.Select(f => f.Name)),
                map.OptionalBool("default", true),
                map.OptionalString("description"))
            {
                Waivers = ReadWaivers(context, map, suites.Select(s => s.Name).ToList()),
            };

            var targetAt = map.ValuePosition("target");
            context.Later(targetAt, () => context.Defined(context.Targets, target, "target", "targets", targetAt, map.PathOf("target")));
            foreach (var (name, at, path) in suites)
                context.Later(at, () => context.Defined(context.Suites, name, "suite", "suites", at, path));
            foreach (var (name, at, path) in faults)
                context.Later(at, () => CheckFault(context, map, run, name, at, path));
            runs.Add(run);
        }

        return runs;
    }

    /// <summary><c>waive: {suite/subject: reason}</c>: the subject is a test method of the suite or a capability name; the reason is required.</summary>
    private static ValueList<Waiver> ReadWaivers(MatrixReadContext context, MappingReader run, IReadOnlyList<string> suites)
    {
        const string expected = "a mapping of suite/test-or-capability to the reason the bench cannot do it, like usbguard/usb_hotplug: \"no USB switch on this bench\"";
        if (!run.IsSet("waive"))
            return ValueList<Waiver>.Empty;
        if (run.Value("waive") is not YamlMapping mapping)
            throw context.Error(run.ValuePosition("waive"), run.PathOf("waive"), expected, run.Value("waive")!.Describe());
        var waivers = new List<Waiver>();
        foreach (var (key, value) in mapping.Entries)
        {
            var path = MatrixReadContext.Join(run.PathOf("waive"), key.Value);
            var slash = key.Value.IndexOf('/', StringComparison.Ordinal);
            var suite = slash > 0 ? key.Value[..slash] : string.Empty;
            var subject = slash > 0 ? key.Value[(slash + 1)..] : string.Empty;
            if (slash <= 0 || !SubjectPattern().IsMatch(subject))
                throw context.Error(key.Start, path, "a key suite/subject, the subject a test method name or a capability name (" + string.Join(", ", CapabilityNames.All) + ")", $"'{key.Value}'");
            if (!suites.Contains(suite, StringComparer.Ordinal))
                throw context.Error(key.Start, path, $"a suite of this run ({string.Join(", ", suites)})", $"'{suite}'");
            const string reasonExpected = "the reason the bench cannot do it (what it physically lacks), at least a few words";
            var reason = context.String(value, path, key.Start, reasonExpected);
            if (reason.Trim().Length < 10)
                throw context.Error(value.Start, path, reasonExpected, $"'{reason}'");
            waivers.Add(new Waiver(suite, subject, reason));
        }

        return new ValueList<Waiver>(waivers);
    }

    private static void CheckFault(MatrixReadContext context, MappingReader map, MatrixRun run, string name, YamlPosition at, string path)
    {
        var fault = context.Defined(context.Faults, name, "fault", "faults", at, path);
        // Faults are switched per boot by the reference guest; a laptop or another image cannot honour them. Install faults
        // (install-…) are switched on by the harness around an install (kickstart, disk, registry): any VM the run installs.
        var target = context.Targets.GetValueOrDefault(run.Target);
        if (Install.Faults.InstallFault.Find(name) is not null)
        {
            if (target is not VmProfile { InstallImage: not null })
            {
                throw context.Error(at, path, "install faults only on a VM target the run installs (one with install_image)",
                    $"'{name}' on target '{run.Target}'");
            }

            if (fault.Breaks != "install")
            {
                throw context.Error(at, path, "an install fault that breaks the install suite", $"'{name}', which breaks '{fault.Breaks}'");
            }
        }
        else if (target is not VmProfile vm || context.Artifacts.GetValueOrDefault(vm.BootArtifact) is not ReferenceGuestArtifact)
        {
            throw context.Error(at, path, "faults only on a VM target booting a reference-guest artifact",
                $"'{name}' on target '{run.Target}'");
        }

        if (!run.Suites.Contains(fault.Breaks))
        {
            throw context.Error(map.ValuePosition("suites"), map.PathOf("suites"),
                $"a list including '{fault.Breaks}' (the suite fault '{name}' must make fail)", run.Suites.ToString());
        }

        if (run.Waivers.FirstOrDefault(w => w.Suite == fault.Breaks) is { } waiver)
        {
            throw context.Error(map.KeyPosition("waive"), MatrixReadContext.Join(map.PathOf("waive"), waiver.Key),
                $"no waiver on {fault.Breaks}: fault '{name}' must make it fail, and a fault proof is never waived", $"'{waiver.Key}'");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,200}$")]
    private static partial System.Text.RegularExpressions.Regex SubjectPattern();
}
