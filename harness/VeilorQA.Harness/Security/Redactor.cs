using System.Collections.Concurrent;

namespace VeilorQA.Harness.Security;

/// <summary>Replaces every registered secret in a text with <see cref="Secret.Mask"/>.</summary>
/// <remarks>
/// Transcripts, logs and report attachments pass through <see cref="Redact"/> before they are written,
/// so even a secret echoed back by the guest (e.g. a passphrase typed where echo was on) is masked.
/// </remarks>
public sealed class Redactor
{
    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    /// <summary>The process-wide redactor used by transcripts and reporting.</summary>
    public static Redactor Global { get; } = new();

    public void Register(Secret secret) => _values.TryAdd(secret.Reveal(), 0);

    /// <summary>Whether <paramref name="bytes"/> hold a registered secret (its UTF-8 bytes), e.g. a file about to be kept.</summary>
    public bool Holds(ReadOnlySpan<byte> bytes)
    {
        foreach (var value in _values.Keys)
        {
            if (bytes.IndexOf(System.Text.Encoding.UTF8.GetBytes(value)) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Overwrites every registered secret's UTF-8 bytes in <paramref name="bytes"/> with '*', keeping the length (for files that are not text); true when one was found.</summary>
    public bool MaskBytes(Span<byte> bytes)
    {
        var found = false;
        foreach (var value in _values.Keys.OrderByDescending(v => v.Length))
        {
            var secret = System.Text.Encoding.UTF8.GetBytes(value);
            int at;
            while ((at = bytes.IndexOf(secret)) >= 0)
            {
                bytes.Slice(at, secret.Length).Fill((byte)'*');
                found = true;
            }
        }

        return found;
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || _values.IsEmpty)
        {
            return text;
        }

        // Longest first, so a secret that contains another is masked whole.
        foreach (var value in _values.Keys.OrderByDescending(v => v.Length))
        {
            text = value.Length >= ShortSecretLength
                ? text.Replace(value, Secret.Mask, StringComparison.Ordinal)
                : MaskStandingAlone(text, value);
        }

        return text;
    }

    /// <summary>Secrets shorter than this (a lab's BMC password) are masked only where they stand alone: inside a run of
    /// letters and digits (a kernel register dump, a hash) a 5-character value is far more often a coincidence than the
    /// secret, and masking it there mangled the evidence.</summary>
    public const int ShortSecretLength = 8;

    private static string MaskStandingAlone(string text, string value)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var from = 0;
        int at;
        while ((at = text.IndexOf(value, from, StringComparison.Ordinal)) >= 0)
        {
            var end = at + value.Length;
            var alone = (at == 0 || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(value[0]))
                        && (end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(value[^1]));
            result.Append(text, from, at - from).Append(alone ? Secret.Mask : value);
            from = end;
        }

        return result.Append(text, from, text.Length - from).ToString();
    }
}
