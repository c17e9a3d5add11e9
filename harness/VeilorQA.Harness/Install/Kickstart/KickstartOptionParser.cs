using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// The options of one kickstart command (or section header), parsed the way pykickstart's <c>KSOptionParser</c>
/// (Python's argparse, no abbreviations) parses them, with argparse's error texts.
/// </summary>
/// <remarks>
/// The texts matter: a user who reads "part: argument --size: invalid size 'big' (MiB expected)" from the harness
/// reads the same words Anaconda would print on the console, and the installer stand-in (the same rules in Python)
/// agrees with the harness line for line. Errors come in argparse's order: a bad value as it is met, then a
/// missing required option, then unknown options and extra words ("Unexpected arguments to … command: [...]").
/// </remarks>
internal sealed partial class KickstartOptionParser
{
    private readonly List<OptionSpec> _options = [];
    private readonly string _command;

    public KickstartOptionParser(string command) => _command = command;

    /// <summary>A store-true flag (several names: aliases).</summary>
    public KickstartOptionParser Flag(string dest, params string[] names) => Add(new OptionSpec(dest, names, OptionKind.True));

    /// <summary>A store-false flag sharing <paramref name="dest"/> with a store-true one.</summary>
    public KickstartOptionParser FalseFlag(string dest, params string[] names) => Add(new OptionSpec(dest, names, OptionKind.False));

    /// <summary>An option taking one value, checked against <paramref name="choices"/> when given.</summary>
    public KickstartOptionParser Value(string dest, string name, string[]? choices = null, bool required = false) =>
        Add(new OptionSpec(dest, [name], OptionKind.Value) { Choices = choices, Required = required });

    /// <summary>An option taking one value with aliases.</summary>
    public KickstartOptionParser Value(string dest, string[] names) => Add(new OptionSpec(dest, names, OptionKind.Value));

    /// <summary>An option taking an integer (Python <c>int()</c>: argparse's "invalid int value").</summary>
    public KickstartOptionParser Int(string dest, string name) => Add(new OptionSpec(dest, [name], OptionKind.Value) { Convert = ToInt });

    /// <summary>A size in MiB: a non-negative integer (the stand-in's <c>_size</c> type and its texts).</summary>
    public KickstartOptionParser Size(string dest, string name) => Add(new OptionSpec(dest, [name], OptionKind.Value) { Convert = ToSize });

    /// <summary>Parses <paramref name="words"/> (the command word excluded), allowing up to <paramref name="positionals"/> plain words.</summary>
    /// <exception cref="KickstartReasonException">Any refusal; the message is the reason Anaconda prints.</exception>
    public KickstartOptions Parse(IReadOnlyList<string> words, int positionals = 0)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var option in _options)
        {
            values.TryAdd(option.Dest, option.Kind == OptionKind.Value ? null : false);
        }

        var seen = new HashSet<OptionSpec>();
        var extras = new List<string>();
        var unknownOption = false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var (option, explicitValue, isOption) = Classify(word);
            if (!isOption)
            {
                extras.Add(word);
                continue;
            }

            if (option is null)
            {
                extras.Add(word);
                unknownOption = true;
                continue;
            }

            seen.Add(option);
            if (option.Kind != OptionKind.Value)
            {
                if (explicitValue is not null)
                {
                    throw Error($"argument {option.Display}: ignored explicit argument {PythonRepr(explicitValue)}");
                }

                values[option.Dest] = option.Kind == OptionKind.True;
                continue;
            }

            string value;
            if (explicitValue is not null)
            {
                value = explicitValue;
            }
            else if (i + 1 < words.Count && !Classify(words[i + 1]).IsOption)
            {
                value = words[++i];
            }
            else
            {
                throw Error($"argument {option.Display}: expected one argument");
            }

            object converted = value;
            if (option.Convert is not null)
            {
                try
                {
                    converted = option.Convert(value);
                }
                catch (FormatException e)
                {
                    throw Error($"argument {option.Display}: {e.Message}");
                }
            }

            if (option.Choices is not null && !option.Choices.Contains(value, StringComparer.Ordinal))
            {
                throw Error($"argument {option.Display}: invalid choice: {PythonRepr(value)} (choose from {string.Join(", ", option.Choices.Select(PythonRepr))})");
            }

            values[option.Dest] = converted;
        }

        var missing = _options.Where(o => o.Required && !seen.Contains(o)).Select(o => o.Display).ToList();
        if (missing.Count > 0)
        {
            throw Error($"the following arguments are required: {string.Join(", ", missing)}");
        }

        if (unknownOption || extras.Count > positionals)
        {
            throw new KickstartReasonException($"Unexpected arguments to {_command} command: {PythonRepr(extras)}");
        }

        return new KickstartOptions(values, extras);
    }

    /// <summary>Python's <c>repr()</c> of a string: how argparse and pykickstart quote values in their messages.</summary>
    public static string PythonRepr(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return text.Append(quote).ToString();
    }

    /// <summary>Python's <c>repr()</c> of a list of strings.</summary>
    public static string PythonRepr(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(PythonRepr)) + "]";

    private KickstartOptionParser Add(OptionSpec option)
    {
        _options.Add(option);
        return this;
    }

    private KickstartReasonException Error(string message) => new($"{_command}: {message}");

    /// <summary>argparse's <c>_parse_optional</c>: is a word an option (known or not), and its <c>=value</c>.</summary>
    private (OptionSpec? Option, string? ExplicitValue, bool IsOption) Classify(string word)
    {
        if (word.Length == 0 || word[0] != '-')
        {
            return (null, null, false);
        }

        var exact = _options.FirstOrDefault(o => o.Names.Contains(word, StringComparer.Ordinal));
        if (exact is not null)
        {
            return (exact, null, true);
        }

        if (word.Length == 1)
        {
            return (null, null, false);
        }

        var equals = word.IndexOf('=');
        if (equals > 0)
        {
            var name = word[..equals];
            var withValue = _options.FirstOrDefault(o => o.Names.Contains(name, StringComparer.Ordinal));
            if (withValue is not null)
            {
                return (withValue, word[(equals + 1)..], true);
            }
        }

        // None of these parsers has an option that looks like a negative number, so "-5" is a plain word;
        // a word with a space in it is never an option either.
        if (NegativeNumber().IsMatch(word) || word.Contains(' '))
        {
            return (null, null, false);
        }

        return (null, null, true);
    }

    private static object ToInt(string value)
    {
        if (!TryPythonInt(value, out var n))
        {
            throw new FormatException($"invalid int value: {PythonRepr(value)}");
        }

        return n;
    }

    private static object ToSize(string value)
    {
        if (!TryPythonInt(value, out var n))
        {
            // The stand-in's own text: the value between plain quotes (an f-string, not repr()).
            throw new FormatException($"invalid size '{value}' (MiB expected)");
        }

        if (n < 0)
        {
            throw new FormatException($"invalid size '{value}'");
        }

        return n;
    }

    /// <summary>Python's <c>int(str)</c> for the values a kickstart holds: optional sign, digits, single underscores between digits, surrounding blanks.</summary>
    private static bool TryPythonInt(string value, out long number)
    {
        number = 0;
        var text = value.Trim();
        if (!PythonInt().IsMatch(text))
        {
            return false;
        }

        return long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    [GeneratedRegex(@"^-\d+$|^-\d*\.\d+$")]
    private static partial Regex NegativeNumber();

    [GeneratedRegex(@"^[+-]?\d+(_\d+)*$")]
    private static partial Regex PythonInt();

    private enum OptionKind
    {
        True,
        False,
        Value,
    }

    private sealed record OptionSpec(string Dest, string[] Names, OptionKind Kind)
    {
        public string[]? Choices { get; init; }

        public bool Required { get; init; }

        public Func<string, object>? Convert { get; init; }

        /// <summary>How argparse names the option in a message: its names joined by '/'.</summary>
        public string Display => string.Join('/', Names);
    }
}
