using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads a whole matrix document: sections in document order, then the cross-references.</summary>
internal static class MatrixDocumentReader
{
    private static readonly string[] RootKeys = ["version", "default_target", "artifacts", "targets", "suites", "faults", "runs"];

    public static TestMatrix Read(MatrixReadContext context, string text)
    {
        var rootNode = YamlTreeReader.Read(context, text);
        var expected = $"a mapping with keys {string.Join(", ", RootKeys)}";
        if (rootNode is null || rootNode is YamlScalar { IsNull: true })
            throw context.Error(YamlPosition.Start, "(document)", expected, "an empty file");
        var root = context.Mapping(rootNode, string.Empty, YamlPosition.Start, RootKeys, expected);

        int? version = null;
        string? defaultTarget = null;
        IReadOnlyList<Artifact>? artifacts = null;
        IReadOnlyList<TargetEntry>? targets = null;
        IReadOnlyList<Suite>? suites = null;
        IReadOnlyList<Fault> faults = [];
        IReadOnlyList<MatrixRun>? runs = null;
        foreach (var (key, value) in root.Entries)
        {
            var section = new NamedEntry(key.Value, value, key.Value, key.Start);
            switch (key.Value)
            {
                case "version":
                    var written = context.String(value, "version", key.Start, $"the schema version {TestMatrix.CurrentVersion}");
                    version = written == TestMatrix.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        ? TestMatrix.CurrentVersion
                        : throw context.Error(value.Start, "version", $"the schema version {TestMatrix.CurrentVersion}", $"'{written}'");
                    break;
                case "default_target":
                    defaultTarget = ReadDefaultTarget(context, value, key.Start);
                    break;
                case "artifacts":
                    artifacts = ArtifactsSection.Read(context, section);
                    break;
                case "targets":
                    targets = TargetsSection.Read(context, section);
                    break;
                case "suites":
                    suites = SuitesSection.Read(context, section);
                    break;
                case "faults":
                    faults = FaultsSection.Read(context, section);
                    break;
                default:
                    runs = RunsSection.Read(context, section);
                    break;
            }
        }

        if (version is null)
            throw context.Missing(root.Owner, "version", $"the schema version {TestMatrix.CurrentVersion}");
        if (defaultTarget is null)
            throw context.Missing(root.Owner, "default_target", "the name of the target used when none is given");
        if (artifacts is null)
            throw context.Missing(root.Owner, "artifacts", "a mapping of artifact names to artifact definitions");
        if (targets is null)
            throw context.Missing(root.Owner, "targets", "a mapping of target names to target definitions");
        if (suites is null)
            throw context.Missing(root.Owner, "suites", "a mapping of suite names to suite definitions");
        if (runs is null)
            throw context.Missing(root.Owner, "runs", "a mapping of run names to run definitions");

        context.RunDeferredChecks();
        return new TestMatrix(
            version.Value,
            defaultTarget,
            new ValueList<Artifact>(artifacts),
            new ValueList<TargetEntry>(targets),
            new ValueList<Suite>(suites),
            new ValueList<Fault>(faults),
            new ValueList<MatrixRun>(runs));
    }

    private static string ReadDefaultTarget(MatrixReadContext context, YamlNode value, YamlPosition key)
    {
        var name = context.String(value, "default_target", key, "a target name");
        context.Later(value.Start, () => context.Defined(context.Targets, name, "target", "targets", value.Start, "default_target"));
        return name;
    }
}
