using System.CommandLine;

namespace VeilorQA.Cli;

/// <summary>The <c>veilorqa</c> command tree.</summary>
public static class VeilorQaCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("VeilorQA: hardware-in-the-loop QA harness for veilor-os");
        root.Subcommands.Add(Commands.MatrixCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
