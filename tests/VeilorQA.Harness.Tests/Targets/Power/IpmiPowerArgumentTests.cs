using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Tests.Targets.Power;

public class IpmiPowerArgumentTests
{
    [Test]
    public void The_password_goes_by_environment_and_never_on_the_command_line()
    {
        var password = new Secret("pw-" + Guid.NewGuid().ToString("N")[..8]);
        var power = new IpmiPower(new IpmiPowerOptions("bmc.lab", 623, "admin", password));

        var arguments = power.ConnectionArguments();

        arguments.Should().ContainInOrder("-I", "lanplus", "-H", "bmc.lab", "-p", "623", "-U", "admin", "-E", "-C", "3");
        arguments.Should().NotContain("-P").And.NotContain(password.Reveal());
    }

    [Test]
    public void The_lan_interface_has_no_cipher_suite()
    {
        var power = new IpmiPower(new IpmiPowerOptions("bmc.lab", 623, "admin", new Secret("x")) { Interface = IpmiInterface.Lan });

        power.ConnectionArguments().Should().ContainInOrder("-I", "lan").And.NotContain("-C");
    }

    [TestCase("Chassis Power is on\n", PowerState.On)]
    [TestCase("Chassis Power is off\n", PowerState.Off)]
    [TestCase("Unable to Get Channel Cipher Suites\nChassis Power is on\n", PowerState.On)]
    public void The_status_line_is_read(string output, PowerState expected) =>
        IpmiPower.ParseStatus(output).Should().Be(expected);

    [Test]
    public void Anything_else_is_no_status() => IpmiPower.ParseStatus("Error: Unable to establish IPMI v2 / RMCP+ session\n").Should().BeNull();

    [Test]
    public void A_matrix_adapter_with_an_unset_password_variable_fails_naming_the_variable()
    {
        var adapter = new IpmiPowerAdapter("bmc.lab", 623, "admin", SecretReference.Environment("VEILORQA_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..6]), IpmiInterface.Lanplus);

        var act = () => PowerControl.For(adapter);

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain(adapter.Password.Location);
    }

    [Test]
    public void A_command_adapter_becomes_command_power() =>
        PowerControl.For(new CommandPowerAdapter("true", "true", null)).Should().BeOfType<CommandPower>();
}
