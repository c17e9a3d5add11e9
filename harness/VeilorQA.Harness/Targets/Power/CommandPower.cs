using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Power;

/// <summary>Power through command lines run on the runner (smart plugs, relay boards, lab scripts), each through <c>/bin/sh -c</c>.</summary>
/// <remarks>
/// The commands switch power; they cannot ask an OS to shut down, so <see cref="PowerOffAsync"/> cuts power at once
/// (a laptop target asks its OS first, over SSH). Without a reset command, reset is off, a pause, then on.
/// </remarks>
public sealed class CommandPower : IPower
{
    private readonly CommandPowerAdapter _adapter;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _resetPause;
    private readonly TimeProvider _time;

    /// <param name="adapter">The on/off/reset command lines from the matrix.</param>
    /// <param name="commandTimeout">Bound of one command. Default 60 s.</param>
    /// <param name="resetPause">Time between off and on when no reset command is configured, so the machine really loses power. Default 5 s.</param>
    /// <param name="timeProvider">Clock of the pause. Default <see cref="TimeProvider.System"/>.</param>
    public CommandPower(CommandPowerAdapter adapter, TimeSpan? commandTimeout = null, TimeSpan? resetPause = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentException.ThrowIfNullOrWhiteSpace(adapter.On);
        ArgumentException.ThrowIfNullOrWhiteSpace(adapter.Off);
        _adapter = adapter;
        _commandTimeout = commandTimeout ?? TimeSpan.FromSeconds(60);
        _resetPause = resetPause ?? TimeSpan.FromSeconds(5);
        _time = timeProvider ?? TimeProvider.System;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_commandTimeout, TimeSpan.Zero, nameof(commandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(_resetPause, TimeSpan.Zero, nameof(resetPause));
    }

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The on command exited non-zero; the message names it.</exception>
    public Task PowerOnAsync(CancellationToken cancellationToken = default) => RunAsync("on", _adapter.On, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Runs the off command at once: <paramref name="grace"/> belongs to whoever asked the OS to shut down first.</remarks>
    public Task PowerOffAsync(TimeSpan grace, CancellationToken cancellationToken = default) => RunAsync("off", _adapter.Off, cancellationToken);

    /// <inheritdoc />
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        if (_adapter.Reset is not null)
        {
            await RunAsync("reset", _adapter.Reset, cancellationToken);
            return;
        }

        await RunAsync("off", _adapter.Off, cancellationToken);
        await Task.Delay(_resetPause, _time, cancellationToken);
        await RunAsync("on", _adapter.On, cancellationToken);
    }

    private async Task RunAsync(string what, string commandLine, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync("/bin/sh", ["-c", commandLine], _commandTimeout, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ExternalCommandException($"power {what} command '{commandLine}'", result.ExitCode, result.StandardError + result.StandardOutput);
        }
    }
}
