using System.Text;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>
/// Renders replay.sh: from the repository recorded in bundle.json (or $VEILORQA_REPO), run <c>./veilorqa repro --replay</c>
/// on the folder the script lies in, so the bundle can be moved or unpacked anywhere. The passphrase is not in the bundle:
/// the script says where it must come from and stops before the harness starts when it is not there.
/// </summary>
internal static partial class ReplayScript
{
    /// <summary>What the script runs in the repository when the caller names nothing else.</summary>
    public const string DefaultCommand = "./veilorqa repro --replay \"$bundle\"";

    public static string Render(string bundleDirectory, string? repository, string passphraseSource, string? command)
    {
        var text = new StringBuilder();
        text.Append("#!/usr/bin/env bash\n");
        text.Append("# Reruns the install recorded in this bundle (bundle.json), the same way, from a VeilorQA checkout.\n");
        text.Append($"# Written for {OneLine(bundleDirectory)}; the bundle is the folder this script lies in, wherever it is now.\n");
        text.Append("# Repository: the one recorded below, or $VEILORQA_REPO.\n");
        text.Append("set -euo pipefail\n");
        text.Append("bundle=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
        text.Append($"recorded={(repository is null ? "''" : ShellQuote.Word(OneLine(repository)))}\n");
        text.Append("repo=\"${VEILORQA_REPO:-$recorded}\"\n");
        text.Append("if [ -z \"$repo\" ] || [ ! -x \"$repo/veilorqa\" ]; then\n");
        text.Append("  echo \"replay.sh: '${repo:-(none recorded)}' is not a VeilorQA checkout (no ./veilorqa there): set VEILORQA_REPO to one\" >&2\n");
        text.Append("  exit 2\n");
        text.Append("fi\n");
        AppendSecretCheck(text, passphraseSource);
        text.Append("echo \"replay.sh: replaying $bundle from $repo\" >&2\n");
        text.Append("cd \"$repo\"\n");
        text.Append(command ?? DefaultCommand).Append('\n');
        return text.ToString();
    }

    private static void AppendSecretCheck(StringBuilder text, string source)
    {
        var environment = EnvironmentSource().Match(source);
        if (environment.Success)
        {
            var variable = environment.Groups["name"].Value;
            text.Append($"echo \"replay.sh: needs {variable} in the environment (the LUKS passphrase; the bundle holds no secret)\" >&2\n");
            text.Append($"if [ -z \"${{{variable}:-}}\" ]; then\n");
            text.Append($"  echo \"replay.sh: {variable} is not set: export it with the passphrase the recorded install used\" >&2\n");
            text.Append("  exit 2\n");
            text.Append("fi\n");
            return;
        }

        var file = FileSource().Match(source);
        if (file.Success)
        {
            var path = ShellQuote.Word(file.Groups["path"].Value);
            var what = file.Groups["kind"].Value == "kickstart"
                ? "the original kickstart (it holds the passphrase; the bundle's copy is masked)"
                : "the passphrase file";
            text.Append($"echo \"replay.sh: needs {what}: \"{path} >&2\n");
            text.Append($"if [ ! -r {path} ]; then\n");
            text.Append($"  echo \"replay.sh: cannot read \"{path} >&2\n");
            text.Append("  exit 2\n");
            text.Append("fi\n");
            return;
        }

        text.Append($"echo \"replay.sh: the LUKS passphrase comes from \"{ShellQuote.Word(OneLine(source))}\" (the harness finds it)\" >&2\n");
    }

    private static string OneLine(string value) => value.ReplaceLineEndings(" ");

    [GeneratedRegex(@"^environment\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*$")]
    private static partial Regex EnvironmentSource();

    [GeneratedRegex(@"^(?<kind>file|kickstart)\s+(?<path>\S.*?)\s*$")]
    private static partial Regex FileSource();
}
