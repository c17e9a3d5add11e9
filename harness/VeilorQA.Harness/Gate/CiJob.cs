namespace VeilorQA.Harness.Gate;

/// <summary>One job of the release gate's fan-out: a default matrix run, as the workflow's <c>strategy.matrix</c> entry.</summary>
/// <param name="Run">The matrix run (<c>veilorqa run --run RUN</c>); also names the job and its artifact.</param>
/// <param name="Target">Its target (shown in the job's name).</param>
/// <param name="Suites">Its suites, space-separated (shown, not used to select).</param>
/// <param name="Faults">Its faults, space-separated (empty for a clean run).</param>
public sealed record CiJob(string Run, string Target, string Suites, string Faults);
