using CliWrap;

namespace VeilorQA.Harness.Images;

/// <summary>
/// Runs a recipe's <c>build.sh</c> (vms/reference, vms/installer) and feeds its lines to a <see cref="RecipeBuildProgress"/>
/// (full redacted log to a file, phase lines to the caller, the last lines kept for the error); it is killed at its
/// time limit. The caller turns an outcome that is not a success into its own exception (the recipe's name and cache
/// stay with the caller).
/// </summary>
public static class RecipeBuildScript
{
    /// <summary>How many of the script's last lines an error carries.</summary>
    public const int KeptOutputLines = RecipeBuildProgress.KeptOutputLines;

    /// <summary>How a run of build.sh ended.</summary>
    /// <param name="ExitCode">Its exit code, or null when it was stopped at the time limit.</param>
    /// <param name="LastLines">Its last lines, redacted.</param>
    /// <param name="LogFile">The file holding all its lines, redacted.</param>
    /// <param name="Phase">The phase it was in when it ended, or null when it printed no phase marker.</param>
    public sealed record Outcome(int? ExitCode, IReadOnlyList<string> LastLines, string LogFile, string? Phase);

    /// <summary>Runs <c>bash RECIPE/build.sh [--force]</c> with <paramref name="environment"/> added.</summary>
    /// <param name="recipeDirectory">The recipe folder holding build.sh.</param>
    /// <param name="force">Pass <c>--force</c>: rebuild even when the cache holds this recipe.</param>
    /// <param name="environment">Variables added to the script's environment (cache folder, secret files).</param>
    /// <param name="timeLimit">The script is killed after this long and the outcome has no exit code.</param>
    /// <param name="progress">Receives every line and shows the progress; the caller disposes it.</param>
    /// <param name="cancellationToken">Stops the build (build.sh is killed) and is rethrown; the time limit is not.</param>
    public static async Task<Outcome> RunAsync(
        string recipeDirectory,
        bool force,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeLimit,
        RecipeBuildProgress progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var script = Path.Combine(recipeDirectory, "build.sh");
        var command = Cli.Wrap("bash")
            .WithArguments(force ? [script, "--force"] : [script])
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(progress.Receive))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(progress.Receive))
            .WithValidation(CommandResultValidation.None);

        progress.Begin(force ? $"{script} --force" : script);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        int? exitCode;
        try
        {
            exitCode = (await command.ExecuteAsync(timeout.Token)).ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            exitCode = null;
        }
        catch (OperationCanceledException)
        {
            progress.Receive("build.sh was cancelled after it started (log ends here)");
            throw;
        }

        progress.End(exitCode);
        return new Outcome(exitCode, progress.LastLines, progress.LogFile, progress.CurrentPhase);
    }
}
