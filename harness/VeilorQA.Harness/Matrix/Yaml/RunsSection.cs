using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>runs:</c>: which suites run on which target, with which faults, and whether by default.</summary>
internal static class RunsSection
{
    public static IReadOnlyList<MatrixRun> Read(MatrixReadContext context, NamedEntry section)
    {
        var runs = new List<MatrixRun>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "run", allowEmpty: false))
        {
            var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["target", "suites", "faults", "default", "description"]);
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
                map.OptionalString("description"));

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

    private static void CheckFault(MatrixReadContext context, MappingReader map, MatrixRun run, string name, YamlPosition at, string path)
    {
        var fault = context.Defined(context.Faults, name, "fault", "faults", at, path);
        // Faults are switched per boot by the reference guest; a laptop or another image cannot honour them.
        var target = context.Targets.GetValueOrDefault(run.Target);
        if (target is not VmProfile vm || context.Artifacts.GetValueOrDefault(vm.BootArtifact) is not ReferenceGuestArtifact)
        {
            throw context.Error(at, path, "faults only on a VM target booting a reference-guest artifact",
                $"'{name}' on target '{run.Target}'");
        }

        if (!run.Suites.Contains(fault.Breaks))
        {
            throw context.Error(map.ValuePosition("suites"), map.PathOf("suites"),
                $"a list including '{fault.Breaks}' (the suite fault '{name}' must make fail)", run.Suites.ToString());
        }
    }
}
