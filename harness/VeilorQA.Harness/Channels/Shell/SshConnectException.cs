using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Channels.Shell;

/// <summary>An SSH connection failed; the message is one line a lab operator can act on.</summary>
public sealed class SshConnectException : InfrastructureException
{
    public SshConnectException(SshConnectFailure failure, string endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Endpoint = endpoint;
    }

    public SshConnectFailure Failure { get; }

    /// <summary>The endpoint tried, <c>user@host:port</c>.</summary>
    public string Endpoint { get; }
}
