using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>
/// The harness could not reach a target over SSH — nothing answered, the key was refused, the host key changed,
/// the key file is unusable, or the connection dropped. An infrastructure error for the report, not a product failure.
/// </summary>
public sealed class TargetUnreachableException : InfrastructureException
{
    public TargetUnreachableException(string target, string host, SshConnectFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Target = target;
        Host = host;
        Failure = failure;
    }

    /// <summary>The matrix name of the target.</summary>
    public string Target { get; }

    /// <summary>The host (and port) tried, <c>host:port</c>.</summary>
    public string Host { get; }

    /// <summary>What went wrong: unreachable, key rejected, host key changed, key file unusable, connection lost.</summary>
    public SshConnectFailure Failure { get; }

    /// <summary>One line naming the target and what the SSH layer saw.</summary>
    internal static TargetUnreachableException From(string target, string hostAndPort, SshConnectException e) =>
        new(target, hostAndPort, e.Failure, $"target {target}: {e.Message}", e);
}
