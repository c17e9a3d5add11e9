using System.CommandLine;
using VeilorQA.Harness.Doctor;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa doctor</c>: lists every prerequisite with OK/WARN/FAIL and the exact fix.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check every prerequisite of a VeilorQA runner and say how to fix what is missing");
        var uri = new Option<string>("--connect") { Description = "libvirt URI", DefaultValueFactory = _ => LibvirtUri.Default };
        command.Options.Add(uri);
        command.SetAction(async (parse, ct) =>
        {
            var report = await DoctorReport.RunAsync(PrerequisiteCatalog.Host(parse.GetValue(uri)!, HostExtras.Checks()), ct);
            Print(report);
            return report.AllUsable ? 0 : 1;
        });
        return command;
    }

    internal static void Print(DoctorReport report)
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
            Console.WriteLine($"{status}  {r.Name.PadRight(width)}  {(detail.Length > 110 ? detail[..110] + "..." : detail)}");
            if (r.Fix is not null)
            {
                Console.WriteLine($"      {new string(' ', width)}  fix: {r.Fix}");
            }
        }

        Console.WriteLine(report.AllUsable ? "runner usable" : "runner NOT usable: fix the FAIL lines above");
    }
}
