using System.Diagnostics;

namespace VeilorQA.Cli.Commands;

/// <summary>Builds the release suites once per <c>veilorqa run</c>, so each run's <c>dotnet test --no-build</c> starts at once.</summary>
internal static class ReleaseBuild
{
    public static async Task<int> BuildAsync(string project, string configuration, string logPath, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", project, "-c", configuration, "-nologo", "-v:q", "-clp:ErrorsOnly" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet build");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await File.WriteAllTextAsync(logPath, await stdout + await stderr, ct);
        return process.ExitCode;
    }
}
