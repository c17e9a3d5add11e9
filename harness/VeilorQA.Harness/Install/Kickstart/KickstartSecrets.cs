using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// Masks the secrets a kickstart can carry (<c>--passphrase</c>, <c>--password</c>, a plaintext <c>rootpw</c>, and
/// registry credentials a <c>%pre</c> writes into a containers-auth.json: <c>"auth": "…"</c>) with <see cref="Mask"/>,
/// as Anaconda's <c>/root/anaconda-ks.cfg</c> and its logs do.
/// </summary>
public static partial class KickstartSecrets
{
    /// <summary>What a masked secret reads as (Anaconda's own mask).</summary>
    public const string Mask = "********";

    /// <summary><paramref name="text"/> with every <c>--passphrase</c>/<c>--password</c> value and plaintext
    /// <c>rootpw</c> word replaced, and every one of <paramref name="known"/> replaced wherever it occurs.</summary>
    public static string MaskText(string text, IEnumerable<string>? known = null)
    {
        var masked = SecretOption().Replace(text, m => m.Groups["head"].Value + Mask);
        masked = RootPassword().Replace(masked, m => m.Groups["head"].Value + Mask);
        masked = RegistryAuth().Replace(masked, m => m.Groups["head"].Value + Mask + "\"");
        foreach (var secret in known ?? [])
        {
            if (!string.IsNullOrEmpty(secret))
            {
                masked = masked.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return masked;
    }

    // A value is a quoted string or a run of non-blanks; "--passphrase value" (argparse's spaced form) too.
    [GeneratedRegex("""(?<head>--(?:passphrase|password)(?:=|[ \t]+))(?:"(?:\\.|[^"\\])*"?|'[^']*'?|[^\s]+)""")]
    private static partial Regex SecretOption();

    // rootpw's positional word (a password unless --iscrypted, and then a hash worth hiding too).
    [GeneratedRegex("""(?<head>^[ \t]*rootpw\b(?:[ \t]+--[^\s]+)*[ \t]+)(?!--)(?:"(?:\\.|[^"\\])*"?|'[^']*'?|[^\s]+)""", RegexOptions.Multiline)]
    private static partial Regex RootPassword();

    // containers-auth.json (/etc/ostree/auth.json for an htpasswd registry): "auth": "base64(user:password)".
    [GeneratedRegex("""(?<head>"auth"\s*:\s*")[^"]*"?""")]
    private static partial Regex RegistryAuth();
}
