namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// How the <c>dotnet test</c> process of one matrix run ended: its exit code and its .trx. A non-zero exit that failed
/// tests explain is normal (a fault run must fail); one they do not explain — no .trx, an aborted run, a crashed test
/// host, a non-zero exit without a failed test — breaks every case of the run, whatever its results say.
/// </summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Trx">The run's .trx, or null when the process wrote none.</param>
/// <param name="TrxProblem">Why the .trx could not be read, when it exists but is not one.</param>
public sealed record TestProcessOutcome(int ExitCode, TrxSummary? Trx, string? TrxProblem = null)
{
    /// <summary>A process that ended as it should (exit 0).</summary>
    public static TestProcessOutcome Clean { get; } = new(0, null);

    /// <summary>Why the process's end makes the run's results untrustworthy, or null when it does not.</summary>
    public string? Anomaly
    {
        get
        {
            if (Trx is { RunAborted: true } aborted)
            {
                return $"the test run was cut short (dotnet test exit {ExitCode}): {string.Join(" | ", aborted.RunMessages.Select(FirstLine))}";
            }

            if (ExitCode == 0)
            {
                return null;
            }

            if (Trx is null)
            {
                return $"dotnet test exited {ExitCode} and wrote no test results file{(TrxProblem is null ? string.Empty : $" ({TrxProblem})")}: the test process did not finish";
            }

            return Trx.NotPassed == 0
                ? $"dotnet test exited {ExitCode} though no test failed ({Trx.Passed} passed of {Trx.Total}){(Trx.RunMessages.Count == 0 ? string.Empty : ": " + string.Join(" | ", Trx.RunMessages.Select(FirstLine)))}"
                : null;
        }
    }

    /// <summary>Reads the outcome of a finished process from its exit code and the .trx it was asked to write.</summary>
    public static TestProcessOutcome Read(int exitCode, string trxPath)
    {
        if (!File.Exists(trxPath))
        {
            return new TestProcessOutcome(exitCode, null);
        }

        try
        {
            return new TestProcessOutcome(exitCode, TrxSummary.Parse(File.ReadAllText(trxPath), trxPath));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return new TestProcessOutcome(exitCode, null, e.Message);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
