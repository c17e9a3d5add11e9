namespace VeilorQA.Harness.Doctor;

/// <summary>One prerequisite the harness needs on the runner (libvirt, QEMU, OVMF, swtpm, ...).</summary>
public interface IPrerequisiteCheck
{
    string Name { get; }

    /// <summary>Runs the check; never throws for a missing prerequisite (that is a FAIL result).</summary>
    Task<CheckResult> RunAsync(CancellationToken cancellationToken);
}
