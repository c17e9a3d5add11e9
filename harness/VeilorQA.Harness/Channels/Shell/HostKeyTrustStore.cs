using System.Collections.Concurrent;

namespace VeilorQA.Harness.Channels.Shell;

/// <summary>Host keys trusted on first use, pinned for the rest of the run (a VM whose key is only known once it is built).</summary>
public sealed class HostKeyTrustStore
{
    private readonly ConcurrentDictionary<string, HostKeyFingerprint> _pinned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The store of this process's run; every <see cref="SshShell"/> uses it unless told otherwise.</summary>
    public static HostKeyTrustStore Run { get; } = new();

    /// <summary>The key pinned for <c>host:port</c>, or null when none was seen yet.</summary>
    public HostKeyFingerprint? Find(string hostAndPort) => _pinned.TryGetValue(hostAndPort, out var key) ? key : null;

    /// <summary>Pins <paramref name="seen"/> unless a key is already pinned; returns the pinned key.</summary>
    public HostKeyFingerprint PinOnFirstUse(string hostAndPort, HostKeyFingerprint seen) => _pinned.GetOrAdd(hostAndPort, seen);

    /// <summary>Forgets a pin (the target was reinstalled on purpose).</summary>
    public void Forget(string hostAndPort) => _pinned.TryRemove(hostAndPort, out _);
}
