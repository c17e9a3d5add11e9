using System.Globalization;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Targets.Power;

/// <summary>Power through a BMC with <c>ipmitool</c> (chassis power on / soft / off / reset / status).</summary>
/// <remarks>The password reaches ipmitool only through its environment (<c>IPMI_PASSWORD</c> with <c>-E</c>), so it never shows in a process list or a log.</remarks>
public sealed class IpmiPower : IPower, IPowerStatus
{
    private const string Program = "ipmitool";
    private readonly IpmiPowerOptions _options;

    public IpmiPower(IpmiPowerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Redactor.Global.Register(options.Password);
    }

    /// <summary><c>user@host:port</c> of the BMC.</summary>
    public string Endpoint => $"{_options.User}@{_options.Host}:{_options.Port}";

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">ipmitool failed; the message names the command line (without the password) and its output.</exception>
    public Task PowerOnAsync(CancellationToken cancellationToken = default) => ChassisPowerAsync("on", cancellationToken);

    /// <inheritdoc />
    /// <remarks>Sends an ACPI soft-off, polls the status until off or <paramref name="grace"/> passes, then forces power off.</remarks>
    public async Task PowerOffAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (await GetStateAsync(cancellationToken) == PowerState.Off)
        {
            return;
        }

        if (grace > TimeSpan.Zero)
        {
            await ChassisPowerAsync("soft", cancellationToken);
            try
            {
                // The status right after the soft-off request is still "on": the first look comes one interval later.
                var first = grace < _options.PollInterval ? grace : _options.PollInterval;
                await Task.Delay(first, _options.TimeProvider, cancellationToken);
                await new Poll($"{Endpoint} to power off after an ACPI soft-off", grace - first).Every(_options.PollInterval).On(_options.TimeProvider)
                    .UntilAsync(async ct => await GetStateAsync(ct) is var now && now == PowerState.Off
                        ? PollOutcome<PowerState>.Done(now)
                        : PollOutcome<PowerState>.NotYet($"chassis power {now}"), cancellationToken);
                return;
            }
            catch (WaitTimeoutException)
            {
                // Still on after the grace: force it.
            }
        }

        await ChassisPowerAsync("off", cancellationToken);
    }

    /// <inheritdoc />
    public Task ResetAsync(CancellationToken cancellationToken = default) => ChassisPowerAsync("reset", cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">ipmitool failed or printed something other than <c>Chassis Power is on|off</c>.</exception>
    public async Task<PowerState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var output = await RunAsync(["chassis", "power", "status"], cancellationToken);
        return ParseStatus(output) ?? throw new ExternalCommandException(Describe(["chassis", "power", "status"]), 0, $"unexpected answer: {output.Trim()}");
    }

    /// <summary>Reads ipmitool's <c>Chassis Power is on</c> / <c>off</c>; null for anything else.</summary>
    internal static PowerState? ParseStatus(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("Chassis Power is ", StringComparison.OrdinalIgnoreCase))
            {
                return line[17..].Trim().ToUpperInvariant() switch
                {
                    "ON" => PowerState.On,
                    "OFF" => PowerState.Off,
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>The ipmitool arguments before the command; the password is not among them.</summary>
    internal IReadOnlyList<string> ConnectionArguments() =>
    [
        "-I", _options.Interface == IpmiInterface.Lanplus ? "lanplus" : "lan",
        "-H", _options.Host,
        "-p", _options.Port.ToString(CultureInfo.InvariantCulture),
        "-U", _options.User,
        "-E",
        .. _options.Interface == IpmiInterface.Lanplus ? new[] { "-C", _options.CipherSuite.ToString(CultureInfo.InvariantCulture) } : [],
        "-R", _options.Retries.ToString(CultureInfo.InvariantCulture),
        "-N", _options.RequestTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    private Task<string> ChassisPowerAsync(string action, CancellationToken cancellationToken) =>
        RunAsync(["chassis", "power", action], cancellationToken);

    private async Task<string> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var arguments = ConnectionArguments().Concat(command).ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.CommandTimeout);
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(Program)
                .WithArguments(arguments)
                .WithEnvironmentVariables(env => env.Set("IPMI_PASSWORD", _options.Password.Reveal()))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(Encoding.UTF8, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExternalCommandException(Describe(command), -1, $"no answer from the BMC at {Endpoint} within {_options.CommandTimeout.TotalSeconds:0} s");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ExternalCommandException(Describe(command), -1, $"cannot start {Program} ({e.Message}); apt-get install -y ipmitool");
        }

        if (result.ExitCode != 0)
        {
            var output = Redactor.Global.Redact((result.StandardError + result.StandardOutput).Trim());
            throw new ExternalCommandException(Describe(command), result.ExitCode, $"BMC {Endpoint}: {output}");
        }

        return result.StandardOutput;
    }

    private string Describe(IEnumerable<string> command) => $"{Program} {string.Join(' ', ConnectionArguments().Concat(command))}";
}
