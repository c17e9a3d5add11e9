namespace VeilorQA.Harness.Doctor;

/// <summary>A check whose logic lives elsewhere (libvirt connection, accelerator probe, Docker engine).</summary>
public sealed class DelegateCheck(string name, Func<CancellationToken, Task<CheckResult>> run) : IPrerequisiteCheck
{
    public string Name { get; } = name;

    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckResult.Fail(Name, e.Message, "see the message; scripts/setup.sh installs and starts the prerequisites");
        }
    }
}
