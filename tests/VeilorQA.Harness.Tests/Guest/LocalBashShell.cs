using System.Diagnostics;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Guest;

/// <summary>Runs probe commands with the build host's bash, so the commands and scripts themselves are exercised.</summary>
/// <param name="preamble">Prepended to every command, e.g. <c>export TPM2TOOLS_TCTI=…;</c> to point a tool at a test daemon.</param>
internal sealed class LocalBashShell(string preamble = "") : IShell
{
    public string Endpoint => "local bash";

    public async Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var result = await ExternalCommand.RunAsync("bash", ["-c", preamble + command], timeout, cancellationToken: cancellationToken);
        return new ShellResult(command, result.ExitCode, result.StandardOutput, result.StandardError, watch.Elapsed);
    }

    public Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
