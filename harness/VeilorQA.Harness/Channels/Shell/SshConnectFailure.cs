namespace VeilorQA.Harness.Channels.Shell;

/// <summary>Why an SSH connection could not be made; lab health and reports tell infrastructure errors from product failures by it.</summary>
public enum SshConnectFailure
{
    /// <summary>Nothing answered SSH: connection refused, reset, timed out, no route, name not resolved.</summary>
    Unreachable,

    /// <summary>The server refused the client key for the user.</summary>
    KeyRejected,

    /// <summary>The server presented a host key other than the pinned one.</summary>
    HostKeyChanged,

    /// <summary>The private key file is missing, unreadable, or its passphrase is wrong.</summary>
    KeyFileUnusable,

    /// <summary>An established connection dropped while in use.</summary>
    ConnectionLost,
}
