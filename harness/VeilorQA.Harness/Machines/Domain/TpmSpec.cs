namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A TPM 2.0 emulated by swtpm (guest driver tpm_crb).</summary>
/// <remarks>
/// libvirt 9.0 keeps swtpm's state in <c>/var/lib/libvirt/swtpm/&lt;domain uuid&gt;</c> and offers no
/// other location, so the state is tied to the domain's fixed UUID (see <c>MachineFiles.TpmStateDirectory</c>).
/// </remarks>
/// <param name="PersistentState">Keep the state when a transient domain stops, so it survives power cycles of that VM.</param>
public sealed record TpmSpec(bool PersistentState = true)
{
    /// <summary>Where libvirt keeps the state of the TPM of the domain with <paramref name="uuid"/>.</summary>
    public static string StateDirectory(Guid uuid) => System.IO.Path.Combine("/var/lib/libvirt/swtpm", uuid.ToString("D"));
}
