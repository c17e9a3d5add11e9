using System.Text.Json;
using System.Text.Json.Serialization;
using VeilorQA.Harness.Matrix;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// The release gate's job list: one job per default run of the matrix, printed by <c>veilorqa matrix ci</c> as the
/// JSON a workflow feeds to <c>strategy.matrix</c> through <c>fromJSON</c> (<c>{"include":[{...}, ...]}</c>), so the
/// workflow fans out exactly the runs the matrix names, and a run added to TestMatrix.yml becomes a job by itself.
/// </summary>
public static class CiJobList
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The default runs of <paramref name="matrix"/> (or the runs <paramref name="include"/> picks), in file order.</summary>
    public static IReadOnlyList<CiJob> Of(TestMatrix matrix, Func<Matrix.Runs.MatrixRun, bool>? include = null) =>
        matrix.Runs.Where(include ?? (r => r.IsDefault)).Select(r => new CiJob(r.Name, r.Target, string.Join(' ', r.Suites), string.Join(' ', r.Faults))).ToList();

    /// <summary>One line of JSON: <c>{"include":[{"run":...,"target":...,"suites":...,"faults":...}]}</c> (a job output must be one line).</summary>
    public static string ToJson(IReadOnlyList<CiJob> jobs) => JsonSerializer.Serialize(new { include = jobs }, Json);

    /// <summary>Reads the list back (tests, and the merge job checking every planned run reported).</summary>
    public static IReadOnlyList<CiJob> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("include").Deserialize<List<CiJob>>(Json) ?? [];
    }
}
