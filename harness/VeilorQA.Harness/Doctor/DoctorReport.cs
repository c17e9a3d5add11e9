namespace VeilorQA.Harness.Doctor;

/// <summary>All prerequisite verdicts of one <c>veilorqa doctor</c> run.</summary>
public sealed record DoctorReport(IReadOnlyList<CheckResult> Results)
{
    public bool AllUsable => Results.All(r => r.Status != CheckStatus.Fail);

    public static async Task<DoctorReport> RunAsync(IEnumerable<IPrerequisiteCheck> checks, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            results.Add(await check.RunAsync(cancellationToken));
        }

        return new DoctorReport(results);
    }
}
