using System.Globalization;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// The two Allure reports of <c>veilorqa run</c>. The release report (<c>OUTPUT/allure-report</c>) opens on the decision:
/// its title is the <see cref="ReleaseDecision.Headline"/>, its first suite "Release decision" holds one result per case
/// verdict, then come the clean cases' own tests; a green release reads 100 %. The fault-proof report
/// (<c>OUTPUT/fault-proofs/allure-report</c>) holds the tests of the cases a fault must break, whose failures sit in their
/// own category, "Failed as its fault requires", never among product defects. Both name the candidate (recipe hash,
/// image digest, ISO sha256), target, accelerator and CI job, and keep Allure's history between runs.
/// </summary>
internal static class ReleaseReport
{
    public const string FaultProofsFolder = "fault-proofs";

    public static string ReleaseResults(string root) => Path.Combine(root, "allure-results");

    public static string ReleaseReportFolder(string root) => Path.Combine(root, "allure-report");

    public static string FaultProofResults(string root) => Path.Combine(root, FaultProofsFolder, "allure-results");

    public static string FaultProofReportFolder(string root) => Path.Combine(root, FaultProofsFolder, "allure-report");

    /// <summary>Empties both results folders (the reports and their history stay).</summary>
    public static void Prepare(string root)
    {
        foreach (var dir in new[] { ReleaseResults(root), FaultProofResults(root) })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
        }
    }

    /// <summary>Copies one run's results: a case its faults break goes to the fault-proof report, any other to the release report,
    /// each with the attachments and fixture containers that belong to it.</summary>
    /// <returns>The first start and last stop of each case's results, by suite.</returns>
    public static IReadOnlyDictionary<string, (long Start, long Stop)> AddRun(string root, ResolvedRun run, string runResults)
    {
        var times = new Dictionary<string, (long Start, long Stop)>(StringComparer.Ordinal);
        var destinationOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(runResults, "*-result.json"))
        {
            var result = AllureJson.Deserialize<TestResult>(File.ReadAllText(file));
            var matrixCase = run.Cases.FirstOrDefault(c => result.Labels.Any(l => l.Name == LabelNames.Tag && l.Value == c.Suite.Name));
            var destination = matrixCase?.Expected == Expectation.Fail ? FaultProofResults(root) : ReleaseResults(root);
            destinationOf[result.Uuid] = destination;
            Copy(file, destination);
            CopyAttachments(runResults, destination, AttachmentsOf(result.Attachments, result.Steps));
            if (matrixCase is not null)
            {
                times[matrixCase.Suite.Name] = times.TryGetValue(matrixCase.Suite.Name, out var t)
                    ? (Math.Min(t.Start, result.Start), Math.Max(t.Stop, result.Stop))
                    : (result.Start, result.Stop);
            }
        }

        foreach (var file in Directory.EnumerateFiles(runResults, "*-container.json"))
        {
            var container = AllureJson.Deserialize<TestResultContainer>(File.ReadAllText(file));
            var destination = container.Children.Select(c => destinationOf.GetValueOrDefault(c)).OfType<string>().FirstOrDefault() ?? ReleaseResults(root);
            Copy(file, destination);
            CopyAttachments(runResults, destination, container.Befores.Concat(container.Afters).SelectMany(f => AttachmentsOf(f.Attachments, f.Steps)));
        }

        return times;
    }

    /// <summary>Writes the verdict results, environment, executor and categories of both reports.</summary>
    public static void Finish(string root, IReadOnlyList<RunRecord> runs, IReadOnlyList<(CaseVerdict Verdict, long Start, long Stop)> verdicts)
    {
        var decision = ReleaseDecision.Of(verdicts.Select(v => v.Verdict).ToList());
        var release = new AllureResultsWriter(ReleaseResults(root));
        var faultProofs = new AllureResultsWriter(FaultProofResults(root));
        foreach (var (verdict, start, stop) in verdicts)
        {
            var result = VerdictResult.Of(verdict, release.NewUuid(), start, stop);
            release.Write(result);
            if (verdict.Expected == Expectation.Fail)
            {
                faultProofs.Write(result with { Uuid = faultProofs.NewUuid() });
            }
        }

        var faultRuns = runs.Where(r => r.Run.Cases.Any(c => c.Expected == Expectation.Fail)).ToList();
        var proofs = verdicts.Where(v => v.Verdict.Expected == Expectation.Fail).Select(v => v.Verdict).ToList();
        release.WriteCategories(DefectCategories.All);
        release.WriteExecutor(ExecutorInfo.Detect($"VeilorQA — {decision.Headline}"));
        release.WriteEnvironment(Environment(decision.Headline, runs));
        faultProofs.WriteCategories(DefectCategories.ForFaultProofs(faultRuns.SelectMany(r => r.Run.Faults).DistinctBy(f => f.Name)));
        faultProofs.WriteExecutor(ExecutorInfo.Detect($"VeilorQA fault proofs — {proofs.Count(v => v.Outcome == CaseOutcome.Met)} of {proofs.Count} faults caught as they must be"));
        faultProofs.WriteEnvironment(Environment(decision.Headline, faultRuns));
    }

    /// <summary>Renders both reports, each on top of its last history.</summary>
    public static async Task RenderAsync(string root, TextWriter console, CancellationToken ct)
    {
        foreach (var (results, report) in new[] { (ReleaseResults(root), ReleaseReportFolder(root)), (FaultProofResults(root), FaultProofReportFolder(root)) })
        {
            if (!Directory.EnumerateFiles(results, "*-result.json").Any())
            {
                continue;
            }

            ReportHistory.Restore(results, report);
            await ReportCommand.RunAsync(new DirectoryInfo(results), new DirectoryInfo(report), ReportRenderer.ForThisMachine(), console, ct);
            ReportHistory.Keep(report);
        }
    }

    /// <summary>The Environment block: the decision, then per run its target, candidate, accelerator and faults, then the machine and the CI job.</summary>
    internal static IReadOnlyDictionary<string, string> Environment(string headline, IReadOnlyList<RunRecord> runs)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Release decision"] = headline,
            ["CI job"] = ExecutorInfo.CiJobUrl() ?? $"none: a local run on {System.Environment.MachineName}",
        };
        foreach (var record in runs)
        {
            var run = record.Run;
            var facts = record.Facts;
            properties[$"{run.Name}: target"] = Describe(run.Target);
            properties[$"{run.Name}: candidate"] = facts.GetValueOrDefault("veilorqa_candidate") ?? Candidate(run.Artifact);
            properties[$"{run.Name}: accelerator"] = facts.GetValueOrDefault("veilorqa_accelerator")
                ?? (run.Target is LaptopEntry ? "none: a laptop runs on its own hardware" : "not known: the target was never made");
            properties[$"{run.Name}: faults"] = run.Faults.Count == 0 ? "none" : string.Join(", ", run.Faults.Select(f => f.Name));
            if (facts.GetValueOrDefault("veilorqa_emulation_accommodation") is { } accommodation)
            {
                properties[$"{run.Name}: emulation accommodation"] = accommodation;
            }

            if (facts.GetValueOrDefault("veilorqa_run_id") is { } runId)
            {
                properties[$"{run.Name}: run id"] = runId;
            }
        }

        if (runs.Select(r => r.Facts).FirstOrDefault(f => f.ContainsKey("host")) is { } machine)
        {
            foreach (var key in new[] { "host", "os", "dotnet", "nunit" })
            {
                if (machine.GetValueOrDefault(key) is { } value)
                {
                    properties[key] = value;
                }
            }
        }

        return properties;
    }

    private static string Describe(TargetEntry target) => target switch
    {
        VmProfile vm => string.Create(CultureInfo.InvariantCulture,
            $"{vm.Name}: VM, {vm.Vcpus} vCPU, {vm.MemoryMib} MiB, {vm.Firmware.ToString().ToLowerInvariant()}{(vm.SecureBoot ? " + Secure Boot" : string.Empty)}, TPM {(vm.Tpm == TpmVersion.None ? "none" : "2.0")}, " +
            $"{vm.Video.ToString().ToLowerInvariant()} video, disks {string.Join("+", vm.Disks.Select(d => d.SizeGib + " GiB"))}"),
        LaptopEntry laptop => $"{laptop.Name}: laptop {laptop.User}@{laptop.Host}:{laptop.Port}",
        _ => $"{target.Name} ({target.Kind})",
    };

    /// <summary>What the run tests, from the matrix when the test process did not say (it names the ostree commits too).</summary>
    private static string Candidate(Artifact? artifact) => artifact switch
    {
        ReferenceGuestArtifact reference => $"reference guest {reference.Recipe}, recipe {RecipeHashOf(reference.Recipe)}",
        OciImageArtifact image => image.Digest is null ? $"{image.Reference} (no digest pinned)" : $"{image.Reference}@{image.Digest}",
        IsoArtifact iso => $"ISO {iso.Name}, sha256 {iso.Sha256}",
        null => "none named",
        _ => $"{artifact.Name} ({artifact.Kind})",
    };

    private static string RecipeHashOf(string recipe)
    {
        try
        {
            return RecipeHash.Compute(recipe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"unknown ({e.Message})";
        }
    }

    private static IEnumerable<Attachment> AttachmentsOf(IEnumerable<Attachment> own, IEnumerable<StepResult> steps) =>
        own.Concat(steps.SelectMany(s => AttachmentsOf(s.Attachments, s.Steps)));

    private static void CopyAttachments(string from, string to, IEnumerable<Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            var source = Path.Combine(from, attachment.Source);
            if (File.Exists(source))
            {
                Copy(source, to);
            }
        }
    }

    private static void Copy(string file, string folder) => File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);

    /// <summary>One finished run: what it was, and the facts its test process wrote into its environment file.</summary>
    internal sealed record RunRecord(ResolvedRun Run, IReadOnlyDictionary<string, string> Facts)
    {
        public static RunRecord Read(ResolvedRun run, string runResults)
        {
            var file = Path.Combine(runResults, "environment.properties");
            return new RunRecord(run, File.Exists(file) ? EnvironmentProperties.Parse(File.ReadAllText(file)) : new SortedDictionary<string, string>(StringComparer.Ordinal));
        }
    }
}
