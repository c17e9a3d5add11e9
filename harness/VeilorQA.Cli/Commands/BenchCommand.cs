using System.CommandLine;
using VeilorQA.Harness.Bench;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Reaping;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa bench</c>: measures the harness the way a release engineer chooses a gate — P1 harness overhead
/// against bare QEMU, P2 saved-state restore against a cold boot, P3 gate wall times, P4 suspend cycles (guest vs
/// harness), P5 several guests at once — with min/median/max over repetitions, as a table and JSON in
/// <c>artifacts/bench/</c>. Timings are reported, never asserted.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] AllParts = ["p1", "p2", "p3", "p4", "p5"];

    public static Command Create()
    {
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml (its default run's VM profile and reference guest are benched)", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var repeat = new Option<int>("--repeat") { Description = "repetitions of each live measure (P1, P5)", DefaultValueFactory = _ => 3 };
        var restores = new Option<int>("--restores") { Description = "restores of the saved guest after each harness boot (P2)", DefaultValueFactory = _ => 2 };
        var parts = new Option<string[]>("--part") { Description = "parts to run: p1 p2 p3 p4 p5 (default all)", AllowMultipleArgumentsPerToken = true };
        var records = new Option<string[]>("--records")
        {
            Description = "output folders of earlier `veilorqa run`s read for P3/P4 (default: the lanes scripts/test writes)",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["artifacts/qa-reference", "artifacts/qa-faults-combined", "artifacts/qa-laptop-loopback", "artifacts/qa-install"],
        };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for bench.txt and bench.json", DefaultValueFactory = _ => new DirectoryInfo("artifacts/bench") };
        var command = new Command("bench", "Measure boot-to-ready (harness vs bare QEMU), restore vs cold boot, gate and suspend times, and scale")
        {
            matrix, repeat, restores, parts, records, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = (parse.GetValue(parts) is { Length: > 0 } p ? p : AllParts).Select(x => x.ToLowerInvariant()).ToHashSet();
            if (chosen.Except(AllParts).FirstOrDefault() is { } unknown)
            {
                Console.Error.WriteLine($"veilorqa bench: --part {unknown}: unknown (known: {string.Join(' ', AllParts)})");
                return 2;
            }

            var n = parse.GetValue(repeat);
            if (n < 1 || parse.GetValue(restores) < 0)
            {
                Console.Error.WriteLine("veilorqa bench: --repeat must be at least 1 and --restores at least 0");
                return 2;
            }

            return await RunAsync(parse.GetValue(matrix)!, chosen, n, parse.GetValue(restores), parse.GetValue(records)!, parse.GetValue(output)!, "veilorqa " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo matrixFile, IReadOnlySet<string> parts, int repeat, int restores, string[] records, DirectoryInfo output, string commandLine, CancellationToken ct)
    {
        var report = new BenchReport();
        var when = DateTimeOffset.UtcNow;
        var live = parts.Overlaps(["p1", "p2", "p5"]);
        try
        {
            if (live)
            {
                using (LibvirtConnection.Open())
                {
                    // One clear error when libvirtd is down, before anything is built or booted.
                }

                var accelerator = await AcceleratorProbe.ProbeAsync(ct);
                report.Notes.Add($"accelerator: {accelerator}");
                report.Notes.Add($"host: {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the start");
            }

            if (parts.Overlaps(["p1", "p2"]))
            {
                var matrix = TestMatrixLoader.Load(matrixFile.FullName);
                var run = RunResolver.DefaultRun(matrix, matrixFile.FullName);
                if (run.Target is not VmProfile profile || run.Artifact is not ReferenceGuestArtifact artifact)
                {
                    Console.Error.WriteLine($"veilorqa bench: {matrixFile}: the default run '{run.Name}' is not a reference-guest VM; P1/P2 bench the reference guest");
                    return 2;
                }

                var image = new ReferenceGuestImage(artifact.Recipe, Path.Combine(HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
                await new ReferenceBootBench(profile, image, Console.WriteLine).RunAsync(parts.Contains("p1") ? repeat : 1, parts.Contains("p2") ? restores : 0, report, ct);
                report.Notes.Add($"P1/P2: VM profile '{profile.Name}' of run '{run.Name}' ({profile.MemoryMib} MiB, {profile.Vcpus} vCPUs), reference guest recipe {image.RecipeHash()}");
            }

            if (parts.Overlaps(["p3", "p4"]))
            {
                var read = GateRecords.Read(records, report);
                report.Notes.Add(read.Count == 0
                    ? $"P3/P4: no recorded run in {string.Join(", ", records)} (run `scripts/test` or `veilorqa run --output DIR` first, then `--records DIR`)"
                    : $"P3/P4: read from the runs recorded in {string.Join(", ", read)} ({string.Join(", ", read.Select(r => File.GetLastWriteTimeUtc(Path.Combine(r, "verdicts.json")).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))})");
            }

            if (parts.Contains("p5"))
            {
                await new ScaleBench(Console.WriteLine).RunAsync(repeat, report, ct);
            }
        }
        catch (Exception e) when (e is LibvirtException or MatrixException or FileNotFoundException or ReferenceGuestBuildException)
        {
            Console.Error.WriteLine($"veilorqa bench: {e.Message}");
            return 2;
        }
        finally
        {
            if (live)
            {
                // Whatever a failed measure left (domains, disks, TPM state, folders) goes with this bench's run id.
                try
                {
                    using var connection = LibvirtConnection.Open();
                    var own = new HashSet<string> { RunId.Current.Value };
                    new Reaper(connection, new ReaperOptions { OnlyRuns = own, ProtectedRuns = new HashSet<string>() }).Reap();
                }
                catch (LibvirtException e)
                {
                    Console.Error.WriteLine($"veilorqa bench: could not reap run {RunId.Current.Value}: {e.Message} (`veilorqa reap` removes it later)");
                }
            }
        }

        Directory.CreateDirectory(output.FullName);
        var table = report.ToTable(commandLine, when);
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "bench.txt"), table, ct);
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "bench.json"), report.ToJson(commandLine, when), ct);
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine($"bench: {Path.Combine(output.FullName, "bench.txt")} and bench.json");
        return 0;
    }
}
