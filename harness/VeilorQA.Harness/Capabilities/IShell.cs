namespace VeilorQA.Harness.Capabilities;

/// <summary>Runs commands on a target (VM or laptop) and moves files; the suites' main channel.</summary>
[NotInMatrix("every target has a shell: a VM over its forwarded SSH port, a laptop over SSH")]
public interface IShell : IAsyncDisposable
{
    /// <summary>Human-readable endpoint, e.g. <c>root@127.0.0.1:40022</c>.</summary>
    string Endpoint { get; }

    /// <summary>Runs a command through the target's shell and returns its exit code and output.</summary>
    Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default);

    Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default);

    Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default);

    /// <summary>Drops the connection and connects again with backoff (after a reboot or resume).</summary>
    Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
