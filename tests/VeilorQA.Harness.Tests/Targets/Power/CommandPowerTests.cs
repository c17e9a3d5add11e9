using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Tests.Targets.Power;

public class CommandPowerTests
{
    private string _folder = null!;

    private string Log => Path.Combine(_folder, "log");

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"cmdpower-{Guid.NewGuid():N}"[..22]));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task On_off_and_reset_run_their_own_command_lines()
    {
        var power = new CommandPower(Adapter(reset: $"echo reset >> '{Log}'"));

        await power.PowerOnAsync();
        await power.PowerOffAsync(TimeSpan.FromSeconds(30));
        await power.ResetAsync();

        (await File.ReadAllLinesAsync(Log)).Should().Equal("on", "off", "reset");
    }

    [Test]
    public async Task Without_a_reset_command_reset_is_off_then_on()
    {
        var power = new CommandPower(Adapter(reset: null), resetPause: TimeSpan.FromMilliseconds(10));

        await power.ResetAsync();

        (await File.ReadAllLinesAsync(Log)).Should().Equal("off", "on");
    }

    [Test]
    public async Task A_command_line_is_run_by_the_shell_with_its_pipes_and_quotes()
    {
        var power = new CommandPower(new CommandPowerAdapter($"printf '%s\\n' 'plug 3' | tr a-z A-Z > '{Log}'", "true", null));

        await power.PowerOnAsync();

        (await File.ReadAllTextAsync(Log)).Should().Be("PLUG 3\n");
    }

    [Test]
    public async Task A_failing_command_names_itself_its_exit_code_and_its_output()
    {
        var power = new CommandPower(new CommandPowerAdapter("echo relay board not found >&2; exit 7", "true", null));

        var act = () => power.PowerOnAsync();

        var thrown = (await act.Should().ThrowAsync<ExternalCommandException>()).Which;
        thrown.ExitCode.Should().Be(7);
        thrown.Message.Should().Contain("power on command").And.Contain("exit 7").And.Contain("relay board not found");
    }

    [Test]
    public async Task A_hanging_command_is_stopped_at_its_timeout()
    {
        var power = new CommandPower(new CommandPowerAdapter("sleep 30", "true", null), commandTimeout: TimeSpan.FromMilliseconds(500));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var act = () => power.PowerOnAsync();

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("sleep 30");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    private CommandPowerAdapter Adapter(string? reset) => new($"echo on >> '{Log}'", $"echo off >> '{Log}'", reset);
}
