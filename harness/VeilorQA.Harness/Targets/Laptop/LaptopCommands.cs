using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Shell commands a laptop target needs around reboots and shutdowns.</summary>
internal static class LaptopCommands
{
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(5);

    /// <summary>Prefixes <c>sudo -n</c> unless the SSH user is root.</summary>
    public static string Privileged(string command, bool asRoot) => asRoot ? command : "sudo -n " + command;

    /// <summary>Starts a command in the background one second later, so the SSH command returns before the OS tears the session down.</summary>
    /// <returns>True once started.</returns>
    /// <exception cref="ShellCommandException">sudo refused (the user needs passwordless sudo).</exception>
    public static async Task<bool> RunDetachedAsync(IShell shell, string command, bool asRoot, CancellationToken cancellationToken)
    {
        if (!asRoot)
        {
            (await shell.RunAsync("sudo -n true", Probe, cancellationToken)).EnsureSuccess();
        }

        var detached = Privileged($"nohup sh -c {ShellQuote.Single("sleep 1; " + command)} >/dev/null 2>&1 </dev/null &", asRoot);
        (await shell.RunAsync(detached, Probe, cancellationToken)).EnsureSuccess();
        return true;
    }

    /// <summary>True when a trivial command runs within a few seconds; false when the connection is gone or hangs.</summary>
    /// <exception cref="TargetUnreachableException">Key rejected or host key changed (a different machine answers).</exception>
    public static async Task<bool> AnswersAsync(LaptopShell shell, CancellationToken cancellationToken)
    {
        try
        {
            return (await shell.RunAsync("true", Probe, cancellationToken)).Succeeded;
        }
        catch (TargetUnreachableException e) when (e.Failure is SshConnectFailure.Unreachable or SshConnectFailure.ConnectionLost)
        {
            return false;
        }
        catch (WaitTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The kernel's id of the running boot; changes on every reboot.</summary>
    public static async Task<string> BootIdAsync(IShell shell, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await shell.RunAsync("cat /proc/sys/kernel/random/boot_id", timeout, cancellationToken)).EnsureSuccess().StandardOutput.Trim();
}
