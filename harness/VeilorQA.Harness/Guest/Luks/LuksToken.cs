namespace VeilorQA.Harness.Guest.Luks;

/// <summary>A LUKS2 token (e.g. <c>systemd-tpm2</c>) and the keyslots it unlocks; TPM tokens name their PCRs.</summary>
public sealed record LuksToken(string Id, string Type, IReadOnlyList<string> Keyslots, IReadOnlyList<int> TpmPcrs, string? TpmPcrBank)
{
    public bool IsSystemdTpm2 => Type == "systemd-tpm2";
}
