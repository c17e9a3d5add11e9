using System.Text;
using CliWrap;
using CliWrap.Buffered;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Infrastructure;

/// <summary>Runs host programs (qemu-img, virt-xml-validate, swtpm_setup, ...) with a timeout.</summary>
public static class ExternalCommand
{
    /// <summary>The result of a finished program.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs a program and returns its result whatever the exit code.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var command = Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput, Encoding.UTF8));
        }

        try
        {
            var result = await command.ExecuteBufferedAsync(cts.Token);
            return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{Describe(program, arguments)}' did not finish within {timeout.TotalSeconds:0} s.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ExternalCommandException(Describe(program, arguments), -1, $"cannot start '{program}': {e.Message}");
        }
    }

    /// <summary>Runs a program and throws <see cref="ExternalCommandException"/> on a non-zero exit.</summary>
    public static async Task<string> RunCheckedAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var result = await RunAsync(program, args, timeout, standardInput, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ExternalCommandException(Describe(program, args), result.ExitCode, result.StandardError + result.StandardOutput);
        }

        return result.StandardOutput;
    }

    /// <summary>True when a program is on PATH.</summary>
    public static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static string Describe(string program, IEnumerable<string> arguments) =>
        Redactor.Global.Redact(program + " " + string.Join(' ', arguments));
}
