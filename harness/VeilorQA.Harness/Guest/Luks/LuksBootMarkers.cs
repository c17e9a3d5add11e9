using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>
/// What a boot console shows around the root volume's unlock: systemd-cryptsetup's passphrase prompt (no newline after
/// it, so it matches inside the unfinished line), and the signs that the volume was opened — systemd finishing the
/// cryptsetup unit or reaching Local Encrypted Volumes, the kernel mounting a file system on a dm device. Seeing an
/// unlock sign first means the volume opened without asking: by a TPM, or by a key that should not be there.
/// </summary>
public static class LuksBootMarkers
{
    public static readonly Regex Prompt = new("Please enter passphrase for disk", RegexOptions.CultureInvariant);

    public static readonly Regex Unlocked = new(
        @"Finished [^\r\n]*Cryptography Setup for|Reached target [^\r\n]*Local Encrypted Volumes|EXT4-fs \(dm-\d+\): mounted filesystem",
        RegexOptions.CultureInvariant);

    /// <summary>Whichever comes first: the prompt (group <c>prompt</c>) or an unlock sign (group <c>unlocked</c>).</summary>
    public static readonly Regex PromptOrUnlocked = new($"(?<prompt>{Prompt})|(?<unlocked>{Unlocked})", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="match"/> of <see cref="PromptOrUnlocked"/> is the prompt.</summary>
    public static bool IsPrompt(Match match) => match.Groups["prompt"].Success;
}
