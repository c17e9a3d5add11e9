using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>
/// What a boot console shows around the root volume's unlock: the passphrase prompt (no newline after it, so it matches
/// inside the unfinished line), and the signs that the volume was opened — systemd finishing the cryptsetup unit or
/// reaching Local Encrypted Volumes, the kernel mounting a file system on a dm device. Seeing an unlock sign first means
/// the volume opened without asking: by a TPM, or by a key that should not be there. The one place these texts live.
/// </summary>
public static class LuksBootMarkers
{
    /// <summary>systemd-cryptsetup's question (<c>Please enter passphrase for disk root (luks-…):</c>) and plain cryptsetup's
    /// (<c>Enter passphrase for /dev/…:</c>), as a laptop's initramfs may ask.</summary>
    public static readonly Regex Prompt = new("Please enter passphrase for disk|Enter passphrase for", RegexOptions.CultureInvariant);

    public static readonly Regex Unlocked = new(
        @"Finished [^\r\n]*Cryptography Setup for|Reached target [^\r\n]*Local Encrypted Volumes|EXT4-fs \(dm-\d+\): mounted filesystem",
        RegexOptions.CultureInvariant);

    /// <summary>Whichever comes first: the prompt (group <c>prompt</c>) or an unlock sign (group <c>unlocked</c>).</summary>
    public static readonly Regex PromptOrUnlocked = new($"(?<prompt>{Prompt})|(?<unlocked>{Unlocked})", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="match"/> of <see cref="PromptOrUnlocked"/> is the prompt.</summary>
    public static bool IsPrompt(Match match) => match.Groups["prompt"].Success;
}
