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
            text = text.Replace(value, Secret.Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
