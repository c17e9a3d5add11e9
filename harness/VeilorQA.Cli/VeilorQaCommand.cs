using System.CommandLine;
using VeilorQA.Cli.Commands;

namespace VeilorQA.Cli;

/// <summary>The <c>veilorqa</c> command tree.</summary>
public static class VeilorQaCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("VeilorQA: hardware-in-the-loop QA harness for veilor-os");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(GuestCommand.Create());
        root.Subcommands.Add(ReapCommand.Create());
        root.Subcommands.Add(VerdictCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(KickstartCommand.Create());
        root.Subcommands.Add(ImageCommand.Create());
        root.Subcommands.Add(ReproCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
