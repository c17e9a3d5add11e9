namespace VeilorQA.Harness.Doctor;

/// <summary>Verdict of one prerequisite check.</summary>
public enum CheckStatus
{
    Ok,

    /// <summary>Usable, with a fallback (e.g. KVM unusable → TCG).</summary>
    Warn,
    Fail,
}
