using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Tests.Targets.Power;

[Category("Integration")]
public class IpmiPowerTests
{
    private IpmiSimulator _bmc = null!;

    [SetUp]
    public async Task StartSimulator() => _bmc = await IpmiSimulator.StartAsync();

    [TearDown]
    public async Task StopSimulator() => await _bmc.DisposeAsync();

    [Test]
    public async Task Power_on_switches_the_simulated_machine_on_and_status_reports_it()
    {
        var power = new IpmiPower(_bmc.Options);
        (await power.GetStateAsync()).Should().Be(PowerState.Off);

        await power.PowerOnAsync();

        File.Exists(_bmc.PowerFile).Should().BeTrue();
        (await power.GetStateAsync()).Should().Be(PowerState.On);
        _bmc.Calls.Should().Contain("set power 1");
    }

    [Test]
    public async Task Power_off_with_grace_asks_for_a_soft_off_and_stops_once_the_machine_is_off()
    {
        var power = new IpmiPower(_bmc.Options);
        await power.PowerOnAsync();

        await power.PowerOffAsync(TimeSpan.FromSeconds(10));

        File.Exists(_bmc.PowerFile).Should().BeFalse();
        _bmc.Calls.Should().Contain("set shutdown 1").And.NotContain("set power 0");
    }

    [Test]
    public async Task Power_off_forces_power_off_when_the_soft_off_is_ignored_past_the_grace()
    {
        var power = new IpmiPower(_bmc.Options);
        await power.PowerOnAsync();
        _bmc.IgnoreSoftOff();

        await power.PowerOffAsync(TimeSpan.FromSeconds(1));

        File.Exists(_bmc.PowerFile).Should().BeFalse();
        _bmc.Calls.Should().ContainInOrder("set shutdown 1", "set power 0");
    }

    [Test]
    public async Task Reset_reaches_the_bmc_as_a_reset()
    {
        var power = new IpmiPower(_bmc.Options);
        await power.PowerOnAsync();

        await power.ResetAsync();

        _bmc.Calls.Should().Contain("set reset 1");
        (await power.GetStateAsync()).Should().Be(PowerState.On);
    }

    [Test]
    public async Task A_wrong_password_fails_naming_the_bmc_and_never_the_password()
    {
        var wrong = new Secret("wrong-" + Guid.NewGuid().ToString("N")[..8]);
        var power = new IpmiPower(_bmc.Options with { Password = wrong, Retries = 0 });

        var act = () => power.PowerOnAsync();

        var thrown = (await act.Should().ThrowAsync<ExternalCommandException>()).Which;
        thrown.Message.Should().Contain($"127.0.0.1:{_bmc.Port}").And.Contain("chassis power on").And.NotContain(wrong.Reveal());
        File.Exists(_bmc.PowerFile).Should().BeFalse();
    }

    [Test]
    public async Task An_unanswering_bmc_fails_within_the_command_timeout()
    {
        var power = new IpmiPower(_bmc.Options with { Port = _bmc.Port == 65535 ? 1 : _bmc.Port + 1, Retries = 0, RequestTimeoutSeconds = 1, CommandTimeout = TimeSpan.FromSeconds(3) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var act = () => power.GetStateAsync();

        (await act.Should().ThrowAsync<ExternalCommandException>()).Which.Message.Should().Contain("chassis power status").And.Contain("127.0.0.1");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8));
    }
}
