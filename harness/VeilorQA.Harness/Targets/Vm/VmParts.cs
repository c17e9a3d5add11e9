using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>The live parts a VM target's capability lines offer (<see cref="VmCapabilityLines"/>).</summary>
/// <param name="Machine">The domain, its console and shell.</param>
/// <param name="Boots">Power cycles and the Secure Boot state.</param>
/// <param name="LogShare">The 9p log share.</param>
/// <param name="Sleep">Suspend and wake, when the profile has suspend.</param>
public sealed record VmParts(GuestMachine Machine, VmBootCycle Boots, ILogShare LogShare, ISleep? Sleep);
