using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Power;

/// <summary>How <see cref="IpmiPower"/> reaches a BMC with ipmitool; defaults are documented on each property.</summary>
public sealed record IpmiPowerOptions
{
    public IpmiPowerOptions(string host, int port, string user, Secret password)
    {
        Host = host;
        Port = port;
        User = user;
        Password = password;
    }

    public string Host { get; init; }

    /// <summary>UDP port of the BMC (623 on real hardware).</summary>
    public int Port { get; init; }

    public string User { get; init; }

    /// <summary>Handed to ipmitool in its environment (<c>IPMI_PASSWORD</c>, <c>-E</c>), never on its command line.</summary>
    public Secret Password { get; init; }

    /// <summary>ipmitool interface. Default lanplus (IPMI 2.0 / RMCP+).</summary>
    public IpmiInterface Interface { get; init; } = IpmiInterface.Lanplus;

    /// <summary>RMCP+ cipher suite (<c>-C</c>). Default 3 (SHA1 + AES), which every IPMI 2.0 BMC offers; naming it skips ipmitool's slow cipher-suite probe.</summary>
    public int CipherSuite { get; init; } = 3;

    /// <summary>Bound of one ipmitool run. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>ipmitool's own retries per request (<c>-R</c>). Default 2.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>ipmitool's per-request timeout in seconds (<c>-N</c>). Default 2.</summary>
    public int RequestTimeoutSeconds { get; init; } = 2;

    /// <summary>How often <see cref="IpmiPower.PowerOffAsync"/> asks whether a soft power-off took effect. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock of the soft power-off wait. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The options of a matrix <c>type: ipmi</c> adapter; resolves its password now.</summary>
    /// <exception cref="InvalidOperationException">The password's environment variable is unset.</exception>
    /// <exception cref="FileNotFoundException">The password file does not exist.</exception>
    public static IpmiPowerOptions From(IpmiPowerAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return new IpmiPowerOptions(adapter.Host, adapter.Port, adapter.User, adapter.Password.Resolve()) { Interface = adapter.Interface };
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentException.ThrowIfNullOrWhiteSpace(User);
        ArgumentNullException.ThrowIfNull(Password);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfNegative(CipherSuite, nameof(CipherSuite));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestTimeoutSeconds, 1, nameof(RequestTimeoutSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
