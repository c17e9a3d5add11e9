using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>Reads USBGuard's rule language (rules.conf, <c>list-rules</c>, <c>list-devices</c>).</summary>
public static partial class UsbGuardRuleParser
{
    private static readonly HashSet<string> AttributeNames = new(StringComparer.Ordinal)
    {
        "id", "hash", "parent-hash", "name", "serial", "via-port", "with-interface", "with-connect-type", "label", "if",
    };

    private static readonly HashSet<string> SetOperators = new(StringComparer.Ordinal)
    {
        "all-of", "one-of", "none-of", "equals", "equals-ordered", "match-all",
    };

    [GeneratedRegex(@"^(\d+):\s+(.*)$")]
    private static partial Regex NumberedLine();

    /// <summary>rules.conf: one rule per line; blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<UsbGuardRule> ParseRulesFile(string text) =>
        ProbeShell.Lines(text).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0)
            .Select(l => ParseLine(l, numbered: false)).ToList();

    /// <summary><c>usbguard list-rules</c>: <c>N: rule</c> per line.</summary>
    public static IReadOnlyList<UsbGuardRule> ParseListRules(string text) =>
        ProbeShell.Lines(text).Select(l => ParseLine(l, numbered: true)).ToList();

    /// <summary><c>usbguard list-devices</c>: <c>N: allow|block|reject id VVVV:PPPP ...</c> per line.</summary>
    public static IReadOnlyList<UsbDevice> ParseListDevices(string text) =>
        ProbeShell.Lines(text).Select(l => UsbDevice.FromRule(ParseLine(l, numbered: true))).ToList();

    internal static UsbGuardRule ParseLine(string line, bool numbered)
    {
        var text = line.Trim();
        int? number = null;
        if (numbered)
        {
            var m = NumberedLine().Match(text);
            if (!m.Success)
            {
                throw new GuestOutputException("usbguard output", "expected 'N: rule'", line);
            }

            number = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            text = m.Groups[2].Value;
        }

        var tokens = Tokenize(text, line);
        if (tokens.Count == 0 || tokens[0].Quoted || !TryTarget(tokens[0].Text, out var target))
        {
            throw new GuestOutputException("usbguard rule", "a rule starts with allow, block, reject, match or device", line);
        }

        var attributes = new Dictionary<string, UsbGuardAttribute>(StringComparer.Ordinal);
        var i = 1;

        // A bare VVVV:PPPP right after the target is the device id (the short form of 'id').
        if (i < tokens.Count && !tokens[i].Quoted && !AttributeNames.Contains(tokens[i].Text) && tokens[i].Text.Contains(':', StringComparison.Ordinal))
        {
            attributes["id"] = new UsbGuardAttribute(null, [tokens[i].Text]);
            i++;
        }

        while (i < tokens.Count)
        {
            var name = tokens[i].Text;
            if (tokens[i].Quoted || !AttributeNames.Contains(name))
            {
                throw new GuestOutputException("usbguard rule", $"unknown attribute '{name}'", line);
            }

            i++;
            if (name == "if")
            {
                attributes[name] = new UsbGuardAttribute(null, tokens.Skip(i).Select(t => t.Text).ToList());
                break;
            }

            if (i >= tokens.Count)
            {
                throw new GuestOutputException("usbguard rule", $"attribute '{name}' has no value", line);
            }

            string? op = null;
            if (!tokens[i].Quoted && SetOperators.Contains(tokens[i].Text))
            {
                op = tokens[i].Text;
                i++;
            }

            if (i < tokens.Count && !tokens[i].Quoted && tokens[i].Text == "{")
            {
                i++;
                var values = new List<string>();
                while (i < tokens.Count && !(tokens[i].Text == "}" && !tokens[i].Quoted))
                {
                    values.Add(tokens[i].Text);
                    i++;
                }

                if (i >= tokens.Count)
                {
                    throw new GuestOutputException("usbguard rule", $"unterminated set for '{name}'", line);
                }

                i++;
                attributes[name] = new UsbGuardAttribute(op ?? "equals", values);
            }
            else if (op is not null)
            {
                throw new GuestOutputException("usbguard rule", $"operator '{op}' needs a {{ set }}", line);
            }
            else
            {
                attributes[name] = new UsbGuardAttribute(null, [tokens[i].Text]);
                i++;
            }
        }

        return new UsbGuardRule(number, target, attributes, text);
    }

    private static bool TryTarget(string word, out UsbGuardTarget target)
    {
        (var ok, target) = word switch
        {
            "allow" => (true, UsbGuardTarget.Allow),
            "block" => (true, UsbGuardTarget.Block),
            "reject" => (true, UsbGuardTarget.Reject),
            "match" => (true, UsbGuardTarget.Match),
            "device" => (true, UsbGuardTarget.Device),
            _ => (false, UsbGuardTarget.Match),
        };
        return ok;
    }

    private readonly record struct Token(string Text, bool Quoted);

    private static List<Token> Tokenize(string text, string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                i++;
                var sb = new StringBuilder();
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        if (text[i] == 'x' && i + 2 < text.Length
                            && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                        {
                            sb.Append((char)b);
                            i += 3;
                            continue;
                        }
                    }

                    sb.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new GuestOutputException("usbguard rule", "unterminated string", line);
                }

                i++;
                tokens.Add(new Token(sb.ToString(), true));
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            tokens.Add(new Token(text[start..i], false));
        }

        return tokens;
    }
}
