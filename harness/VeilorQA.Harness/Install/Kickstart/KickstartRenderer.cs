using System.Text.RegularExpressions;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// Fills veilor's kickstart template for one install and proves the result: it must pass
/// <see cref="KickstartParser"/> and carry exactly the values given (pinned image URL, passphrase on an encrypted
/// <c>/</c>, the SSH key, the end action), so a template edit that drops one fails here, not 10 minutes into an install.
/// </summary>
/// <remarks>
/// Fields: <c>@REGISTRY@</c> (HOST:PORT, in the <c>%pre</c> registries drop-in), <c>@IMAGE_URL@</c>,
/// <c>@PASSPHRASE@</c> and <c>@SSHKEY@</c> (written as one shlex word, quoted when needed), <c>@DISK@</c>,
/// <c>@END_ACTION@</c> (<c>reboot</c> or <c>poweroff</c>). Any other <c>@NAME@</c> left in the template is an error.
/// </remarks>
public static partial class KickstartRenderer
{
    private static readonly string[] Fields = ["REGISTRY", "IMAGE_URL", "PASSPHRASE", "SSHKEY", "DISK", "END_ACTION"];

    /// <exception cref="KickstartRenderException">A bad value, an unknown field, or a result the checker refuses or that lost a value.</exception>
    public static RenderedKickstart Render(KickstartTemplate template, KickstartParameters parameters)
    {
        if (parameters.Problem() is { } problem)
        {
            throw new KickstartRenderException($"kickstart: {problem}");
        }

        var unknown = Placeholder().Matches(template.Text).Select(m => m.Groups[1].Value).Where(f => !Fields.Contains(f)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new KickstartRenderException($"kickstart template {template.Source}: unknown field(s) {string.Join(", ", unknown.Select(f => $"@{f}@"))} (known: {string.Join(", ", Fields.Select(f => $"@{f}@"))})");
        }

        var imageUrl = parameters.Image.UrlIn(parameters.Registry);
        var passphrase = parameters.Passphrase;
        var text = Fill(template.Text, parameters, imageUrl, KickstartWords.Quote(passphrase.Reveal()));
        var masked = KickstartSecrets.MaskText(Fill(template.Text, parameters, imageUrl, KickstartSecrets.Mask), [passphrase.Reveal()]);

        var label = $"{template.Source} (rendered)";
        KickstartDocument document;
        try
        {
            document = KickstartParser.Parse(text, label, [passphrase]);
        }
        catch (KickstartParseException e)
        {
            throw new KickstartRenderException($"kickstart template {template.Source} renders into a kickstart the installer refuses:\n{e.Message}", e);
        }

        Expect(document.OstreeContainer.Url == imageUrl, template, $"its ostreecontainer --url is not the pinned image {imageUrl}");
        Expect(document.Root is { Encrypted: true } root && passphrase.Equals(root.Passphrase), template, "its part / is not --encrypted with @PASSPHRASE@");
        Expect(document.SshKeys.Any(k => k.Key == parameters.SshPublicKey), template, "no sshkey line carries @SSHKEY@");
        Expect(document.EndAction == parameters.EndAction, template, $"its end command is not {parameters.EndAction} (@END_ACTION@)");
        return new RenderedKickstart(new Secret(text), masked, document, imageUrl);
    }

    private static string Fill(string template, KickstartParameters p, string imageUrl, string passphraseWord) =>
        Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "REGISTRY" => p.Registry,
            "IMAGE_URL" => imageUrl,
            "PASSPHRASE" => passphraseWord,
            "SSHKEY" => KickstartWords.Quote(p.SshPublicKey),
            "DISK" => p.Disk,
            _ => p.EndAction == EndAction.Poweroff ? "poweroff" : "reboot",
        });

    private static void Expect(bool condition, KickstartTemplate template, string what)
    {
        if (!condition)
        {
            throw new KickstartRenderException($"kickstart template {template.Source}: {what}");
        }
    }

    [GeneratedRegex("@([A-Z][A-Z0-9_]*)@")]
    private static partial Regex Placeholder();
}
