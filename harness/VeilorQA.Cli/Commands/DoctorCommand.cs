using System.CommandLine;
using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Doctor.Targets;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa doctor</c>: lists every prerequisite with OK/WARN/FAIL and the exact fix; <c>--target NAME</c> checks a laptop of the matrix instead.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check every prerequisite of a VeilorQA runner and say how to fix what is missing");
        var uri = new Option<string>("--connect") { Description = "libvirt URI", DefaultValueFactory = _ => LibvirtOptions.FromEnvironment().Uri };
        var target = new Option<string>("--target") { Description = "Check this laptop target of the matrix (reachable, key, host key, sudo, tools, declared capabilities, adapters) instead of the runner" };
        var matrixFile = new Option<FileInfo>("--matrix")
        {
            Description = $"Matrix file for --target (default: the nearest {TestMatrixLoader.DefaultFileName} upwards)",
        };
        command.Options.Add(uri);
        command.Options.Add(target);
        command.Options.Add(matrixFile);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(target) is { } name)
            {
                return await CheckTargetAsync(name, parse.GetValue(matrixFile), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
            }

            var report = await DoctorReport.RunAsync(PrerequisiteCatalog.Host(parse.GetValue(uri)!, HostExtras.Checks()), ct);
            Print(report, parse.InvocationConfiguration.Output);
            return report.AllUsable ? 0 : 1;
        });
        return command;
    }

    /// <summary>Exit 0 when the laptop is usable, 1 when a check failed, 2 when the matrix or the name is wrong.</summary>
    private static async Task<int> CheckTargetAsync(string name, FileInfo? file, TextWriter output, TextWriter error, CancellationToken ct)
    {
        TestMatrix matrix;
        string path;
        try
        {
            path = file?.ToString() ?? TestMatrixLoader.Locate();
            matrix = TestMatrixLoader.Load(path);
        }
        catch (Exception e) when (e is MatrixException or FileNotFoundException)
        {
            error.WriteLine(e.Message);
            return 2;
        }

        var found = matrix.Targets.FirstOrDefault(t => t.Name == name);
        switch (found)
        {
            case null:
                error.WriteLine($"{path}: no target '{name}' (targets: {string.Join(", ", matrix.Targets.Select(t => t.Name))}).");
                return 2;
            case LaptopEntry laptop:
                var report = await LaptopDoctor.RunAsync(laptop, cancellationToken: ct);
                // Full details: a host key mismatch must show both fingerprints.
                Print(report, output, $"target {name}", maxDetail: null);
                return report.AllUsable ? 0 : 1;
            default:
                error.WriteLine($"target '{name}' is a {found.Kind}: --target checks laptops; run 'veilorqa doctor' without --target for what VMs need.");
                return 2;
        }
    }

    internal static void Print(DoctorReport report, TextWriter output, string subject = "runner", int? maxDetail = 110)
    {
        // Plain aligned lines: CI logs and terminals both read them; no table wrapping.
        var width = report.Results.Max(r => r.Name.Length);
        foreach (var r in report.Results)
        {
            var status = r.Status switch
            {
                CheckStatus.Ok => "OK  ",
                CheckStatus.Warn => "WARN",
                _ => "FAIL",
            };
            var detail = r.Detail.ReplaceLineEndings(" ");
            output.WriteLine($"{status}  {r.Name.PadRight(width)}  {(detail.Length > maxDetail ? detail[..maxDetail.Value] + "..." : detail)}");
            if (r.Fix is not null)
            {
                output.WriteLine($"      {new string(' ', width)}  fix: {r.Fix}");
            }
        }

        output.WriteLine(report.AllUsable ? $"{subject} usable" : $"{subject} NOT usable: fix the FAIL lines above");
    }
}
