namespace VeilorQA.Harness.Guest.Tpm;

/// <summary>One measured boot event from the TCG event log; EFI variable events carry the variable's name and data.</summary>
public sealed record TpmEvent(
    int Number,
    int PcrIndex,
    string EventType,
    IReadOnlyDictionary<string, string> Digests,
    string? VariableGuid,
    string? UnicodeName,
    string? VariableData);
