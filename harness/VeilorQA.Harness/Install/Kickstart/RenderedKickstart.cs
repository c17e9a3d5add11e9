using System.Text;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// A kickstart the renderer produced and the checker accepted: the real text (a <see cref="Secret"/>: it holds the
/// LUKS passphrase) and a masked copy for bundles, reports and logs.
/// </summary>
public sealed class RenderedKickstart
{
    internal RenderedKickstart(Secret text, string maskedText, KickstartDocument document, string imageUrl)
    {
        Text = text;
        MaskedText = maskedText;
        Document = document;
        ImageUrl = imageUrl;
    }

    /// <summary>What the installer reads; only ever written with <see cref="WriteTo"/>.</summary>
    public Secret Text { get; }

    /// <summary>The same kickstart with the passphrase (and any other secret) as <see cref="KickstartSecrets.Mask"/>.</summary>
    public string MaskedText { get; }

    public KickstartDocument Document { get; }

    /// <summary>The pinned <c>ostreecontainer --url</c>.</summary>
    public string ImageUrl { get; }

    /// <summary>Writes the real kickstart, created with mode 0600 (never widened then narrowed: no moment where
    /// another user could read the passphrase), replacing <paramref name="path"/> atomically.</summary>
    public void WriteTo(string path) => OwnerOnlyFile.Write(path, Text.Reveal());

    /// <summary>Writes the masked copy (ordinary mode: it holds no secret).</summary>
    public void WriteMaskedTo(string path) => File.WriteAllText(path, MaskedText, new UTF8Encoding(false));

    /// <summary>The masked text, so an accidental interpolation prints no secret.</summary>
    public override string ToString() => MaskedText;
}
