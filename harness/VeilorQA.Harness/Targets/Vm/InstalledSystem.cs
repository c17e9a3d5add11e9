namespace VeilorQA.Harness.Targets.Vm;

/// <summary>A system the run installed: the disk its install wrote (qcow2, only read through an overlay) and what it was installed from.</summary>
public sealed record InstalledSystem(string Disk, string Description);
