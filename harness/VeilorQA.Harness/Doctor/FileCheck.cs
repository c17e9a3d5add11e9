namespace VeilorQA.Harness.Doctor;

/// <summary>Checks that one of several candidate files exists (e.g. OVMF Secure Boot firmware).</summary>
public sealed class FileCheck(string name, IReadOnlyList<string> candidates, string fix) : IPrerequisiteCheck
{
    public string Name { get; } = name;

    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var found = candidates.FirstOrDefault(File.Exists);
        return Task.FromResult(found is not null
            ? CheckResult.Ok(Name, found)
            : CheckResult.Fail(Name, "none of " + string.Join(", ", candidates) + " exists", fix));
    }
}
