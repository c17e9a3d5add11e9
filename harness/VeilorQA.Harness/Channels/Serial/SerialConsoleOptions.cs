using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Channels.Serial;

/// <summary>How a <see cref="SerialConsole"/> connects, records and waits; every default is documented on its property.</summary>
public sealed record SerialConsoleOptions
{
    public SerialConsoleOptions(SerialEndpoint endpoint)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    public SerialEndpoint Endpoint { get; init; }

    /// <summary>File the transcript is appended to line by line as output arrives; none by default.</summary>
    public string? TranscriptPath { get; init; }

    /// <summary>First delay before reconnecting after a failed connect or a dropped socket; doubles up to <see cref="MaxReconnectDelay"/>. Default 100 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the reconnect backoff. Default 2 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a write waits for a connection when the socket is down (e.g. during a VM restore). Default 10 s.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Console lines a timed-out wait reports. Default 30.</summary>
    public int LastLinesOnTimeout { get; init; } = 30;

    /// <summary>Quiet time the console must show before a secret is typed (a prompt switches echo off only after printing). Default 1.5 s.</summary>
    public TimeSpan SecretSettleTime { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Longest wait for that quiet before the secret is typed anyway. Default 15 s.</summary>
    public TimeSpan SecretSettleLimit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Unconsumed output kept for matching; older output is dropped from the match buffer (never from the transcript). Default 4 M chars.</summary>
    public int MaxUnconsumedChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>Raw received bytes kept in memory for <see cref="SerialConsole.FindEcho"/> (never written anywhere). Default 16 MiB.</summary>
    public int RawBytesKept { get; init; } = 16 * 1024 * 1024;

    /// <summary>Redacts secrets in the transcript; secrets written through the console are registered here. Default <see cref="Redactor.Global"/>.</summary>
    public Redactor Redactor { get; init; } = Redactor.Global;

    /// <summary>Clock for transcript timestamps and wait deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectDelay, TimeSpan.Zero, nameof(ReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, ReconnectDelay, nameof(MaxReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WriteTimeout, TimeSpan.Zero, nameof(WriteTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(LastLinesOnTimeout, 1, nameof(LastLinesOnTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnconsumedChars, 1024, nameof(MaxUnconsumedChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(RawBytesKept, 1024, nameof(RawBytesKept));
        ArgumentNullException.ThrowIfNull(Redactor);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
