using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// The gate's retry: the failed cases of an earlier <c>veilorqa run</c> (its verdicts.json), resolved again as runs
/// narrowed to those suites, with each run's faults and target as the matrix defines them. A case passes the gate as
/// flaky only if it meets its expectation on this second, independent attempt (a fresh boot of its target).
/// </summary>
public static class RetrySelection
{
    /// <summary>One narrowed selection per run that had a failed case, in the verdicts' order.</summary>
    /// <exception cref="InvalidDataException">The verdicts file is missing or malformed; names it.</exception>
    public static IReadOnlyList<MatrixSelection> From(string verdictsFile) =>
        RecordedVerdict.ReadFile(verdictsFile)
            .Where(v => v.IsFailure)
            .GroupBy(v => v.Run, StringComparer.Ordinal)
            .Select(g => new MatrixSelection([g.Key], [], g.Select(v => v.Suite).Distinct(StringComparer.Ordinal).ToList(), []))
            .ToList();

    /// <summary>The runs to retry (empty when nothing failed).</summary>
    public static IReadOnlyList<ResolvedRun> Resolve(TestMatrix matrix, string matrixFile, string verdictsFile) =>
        From(verdictsFile).SelectMany(selection => RunResolver.Resolve(matrix, matrixFile, selection)).ToList();
}
