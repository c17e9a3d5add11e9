using System.Text.RegularExpressions;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Reporting;

/// <summary>
/// Tells a result's <see cref="FailureClass"/> from its Allure status and message. NUnit reports an exception as
/// <c>Full.Type.Name : message</c> (behind <c>OneTimeSetUp: </c> when a fixture's set-up threw), so an infrastructure
/// problem is recognised by the type that was thrown — every <see cref="InfrastructureException"/> of the harness, and
/// the few runtime and SSH types that mean the same — never by guessing from words in the message.
/// </summary>
public static class FailureClassifier
{
    // Thrown by the runtime or SSH.NET where the harness does not wrap them: a host program or wait that timed out, a socket or SSH session that failed.
    private static readonly string[] ForeignInfrastructureTypes =
    [
        "System.TimeoutException", "System.Net.Sockets.SocketException",
        "Renci.SshNet.Common.SshConnectionException", "Renci.SshNet.Common.SshOperationTimeoutException",
    ];

    /// <summary>Full names of the exception types that mean "infrastructure".</summary>
    public static IReadOnlyList<string> InfrastructureTypes { get; } = typeof(InfrastructureException).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(InfrastructureException)))
        .Select(t => t.FullName!)
        .Concat(ForeignInfrastructureTypes)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>A regex (Java and .NET alike) matching a whole message that reports one of <see cref="InfrastructureTypes"/>.</summary>
    public static string InfrastructurePattern { get; } =
        "(?s)(?:.*[\\s:])?(?:" + string.Join("|", InfrastructureTypes.Select(Regex.Escape)) + ") : .*";

    private static readonly Regex Infrastructure = new("^" + InfrastructurePattern + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The class of a result that did not pass, or null for a passed or skipped one.</summary>
    public static FailureClass? Classify(AllureStatus status, string? message) => status switch
    {
        AllureStatus.Failed => FailureClass.Product,
        AllureStatus.Broken => IsInfrastructure(message) ? FailureClass.Infrastructure : FailureClass.Harness,
        _ => null,
    };

    /// <summary>Whether <paramref name="message"/> reports an infrastructure exception.</summary>
    public static bool IsInfrastructure(string? message) => message is not null && Infrastructure.IsMatch(message);
}
