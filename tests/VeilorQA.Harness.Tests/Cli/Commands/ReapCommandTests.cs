using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;

namespace VeilorQA.Harness.Tests.Cli.Commands;

[TestFixture]
[NonParallelizable]
public sealed class ReapCommandTests
{
    [Test]
    public async Task A_dry_run_prints_its_report_and_succeeds()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var exit = await ReapCommand.Create().Parse(["--dry-run", "--connect", "test:///default"]).InvokeAsync();

            exit.Should().Be(0);
        }
        finally
        {
            Console.SetOut(previous);
        }

        output.ToString().Should().Contain("would remove").And.Contain("orphaned run(s)");
    }

    [Test]
    public async Task An_unreachable_libvirt_is_one_clear_error_and_exit_code_2()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await ReapCommand.Create().Parse(["--connect", "qemu+unix:///system?socket=/nonexistent/veilorqa-sock"]).InvokeAsync();

            exit.Should().Be(2);
        }
        finally
        {
            Console.SetError(previous);
        }

        error.ToString().Should().Contain("is not reachable: is libvirtd running?");
    }
}
