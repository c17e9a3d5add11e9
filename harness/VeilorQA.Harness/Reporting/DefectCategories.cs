namespace VeilorQA.Harness.Reporting;

/// <summary>The <c>categories.json</c> VeilorQA writes: product defect, infrastructure problem, test defect.</summary>
/// <remarks>
/// A failed assertion means veilor-os misbehaved (product defect). A broken test hit an exception: when its
/// message names the harness's own infrastructure (libvirt, an unreachable SSH endpoint, a host program
/// that timed out, Docker) it is an infrastructure problem, otherwise a defect of the test itself. Allure
/// puts a result into every category that matches, so the test-defect pattern excludes the infrastructure
/// words explicitly.
/// </remarks>
public static class DefectCategories
{
    /// <summary>Words (Java regex alternatives) that mark an exception message as an infrastructure problem.</summary>
    public const string InfrastructureWords =
        "libvirt|virConnect|virDomain|SSH unreachable|SshConnectionException|SshOperationTimeoutException|SshAuthenticationException"
        + "|Connection refused|No route to host|Host is unreachable|Network is unreachable|SocketException"
        + "|ExternalCommandException|did not finish within|waiting for SSH|swtpm|qemu-img|Docker|Testcontainers"
        + "|TargetUnreachableException|SshConnectException|unreachable: connection refused|key rejected for user|host key of .* changed";

    public static Category ProductDefects { get; } = new("Product defects")
    {
        Description = "An assertion about veilor-os did not hold.",
        MatchedStatuses = [AllureStatus.Failed],
    };

    public static Category InfrastructureProblems { get; } = new("Infrastructure problems")
    {
        Description = "The harness could not drive the target: libvirt, SSH, host programs or Docker failed or timed out.",
        MatchedStatuses = [AllureStatus.Broken],
        MessageRegex = "(?is).*(" + InfrastructureWords + ").*",
    };

    public static Category TestDefects { get; } = new("Test defects")
    {
        Description = "The test itself threw an unexpected exception.",
        MatchedStatuses = [AllureStatus.Broken],
        MessageRegex = "(?is)(?!.*(?:" + InfrastructureWords + ")).*",
    };

    public static IReadOnlyList<Category> All { get; } = [ProductDefects, InfrastructureProblems, TestDefects];
}
