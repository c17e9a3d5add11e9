using System.Globalization;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Suspend of a laptop that wakes itself with its RTC alarm (<c>rtcwake -m mem -s N</c>); nothing outside can wake it.</summary>
public sealed class RtcwakeSleep : ISleep
{
    private readonly LaptopShell _shell;
    private readonly string _target;
    private readonly bool _asRoot;
    private readonly TimeSpan _resume;

    internal RtcwakeSleep(LaptopShell shell, string target, bool asRoot, TimeSpan resume)
    {
        _shell = shell;
        _target = target;
        _asRoot = asRoot;
        _resume = resume;
    }

    /// <inheritdoc />
    public bool CanWakeExternally => false;

    /// <inheritdoc />
    /// <exception cref="CapabilityMissingException">Always: a laptop has no external wake; suspend with <c>rtcwake</c> instead.</exception>
    public Task WakeAsync(CancellationToken cancellationToken = default) =>
        throw new CapabilityMissingException(
            "external wake",
            $"laptop {_target} cannot be woken from outside; suspend it with 'rtcwake -m mem -s N' (or {nameof(SuspendAsync)}), which wakes itself");

    /// <summary>The command that suspends for <paramref name="wakeAfter"/> and returns after resume.</summary>
    public string Command(TimeSpan wakeAfter) =>
        (_asRoot ? string.Empty : "sudo -n ") + $"rtcwake -m mem -s {Math.Max(1, (int)Math.Ceiling(wakeAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Suspends with <c>rtcwake</c>, and returns once the shell answers after the resume (reconnecting when the session did not survive).</summary>
    /// <returns>rtcwake's result; null when the session dropped during sleep and came back on a new connection.</returns>
    /// <exception cref="WaitTimeoutException">The laptop did not answer within the resume timeout after <paramref name="wakeAfter"/>.</exception>
    public async Task<ShellResult?> SuspendAsync(TimeSpan wakeAfter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wakeAfter, TimeSpan.Zero);
        var bound = wakeAfter + _resume;
        try
        {
            return (await _shell.RunAsync(Command(wakeAfter), bound, cancellationToken)).EnsureSuccess();
        }
        catch (TargetUnreachableException e) when (e.Failure == Channels.Shell.SshConnectFailure.ConnectionLost)
        {
            await _shell.ReconnectAsync(_resume, cancellationToken);
            return null;
        }
    }
}
