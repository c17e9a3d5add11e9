using CliWrap;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Images;

/// <summary>
/// Runs a recipe's <c>build.sh</c> (vms/reference, vms/installer): its lines go to the caller redacted as they come,
/// the last ones are kept for the error, and it is killed at its time limit. The caller turns an outcome that is not
/// a success into its own exception (the recipe's name and cache stay with the caller).
/// </summary>
public static class RecipeBuildScript
{
    /// <summary>How many of the script's last lines an error carries.</summary>
    public const int KeptOutputLines = 40;

    /// <summary>How a run of build.sh ended: its exit code, or null when it was stopped at the time limit; its last lines.</summary>
    public sealed record Outcome(int? ExitCode, IReadOnlyList<string> LastLines);

    /// <summary>Runs <c>bash RECIPE/build.sh [--force]</c> with <paramref name="environment"/> added.</summary>
    /// <param name="recipeDirectory">The recipe folder holding build.sh.</param>
    /// <param name="force">Pass <c>--force</c>: rebuild even when the cache holds this recipe.</param>
    /// <param name="environment">Variables added to the script's environment (cache folder, secret files).</param>
    /// <param name="timeLimit">The script is killed after this long and the outcome has no exit code.</param>
    /// <param name="output">Receives each line, redacted, as it comes.</param>
    /// <param name="cancellationToken">Stops the build (build.sh is killed) and is rethrown; the time limit is not.</param>
    public static async Task<Outcome> RunAsync(
        string recipeDirectory,
        bool force,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeLimit,
        Action<string> output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var last = new Queue<string>();
        void Keep(string line)
        {
            var safe = Redactor.Global.Redact(line);
            lock (last)
            {
                last.Enqueue(safe);
                if (last.Count > KeptOutputLines)
                {
                    last.Dequeue();
                }
            }

            output(safe);
        }

        var script = Path.Combine(recipeDirectory, "build.sh");
        var command = Cli.Wrap("bash")
            .WithArguments(force ? [script, "--force"] : [script])
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Keep))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Keep))
            .WithValidation(CommandResultValidation.None);

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

        lock (last)
        {
            return new Outcome(exitCode, [.. last]);
        }
    }
}
