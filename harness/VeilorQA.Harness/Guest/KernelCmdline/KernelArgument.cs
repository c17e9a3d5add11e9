namespace VeilorQA.Harness.Guest.KernelCmdline;

/// <summary>One kernel command-line argument: a bare flag (<c>nomodeset</c>) or <c>name=value</c>.</summary>
public sealed record KernelArgument(string Name, string? Value)
{
    /// <summary>Parses one argument as the kernel does: the name ends at the first '='; surrounding quotes on the value are dropped.</summary>
    public static KernelArgument Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return new KernelArgument(Unquote(text), null);
        }

        return new KernelArgument(text[..eq], Unquote(text[(eq + 1)..]));
    }

    // The kernel treats '-' and '_' in parameter names alike (module.param_name == module.param-name).
    public bool NameEquals(string name) => Normalize(Name) == Normalize(name);

    public override string ToString() => Value is null ? Name : Value.Contains(' ', StringComparison.Ordinal) ? $"{Name}=\"{Value}\"" : $"{Name}={Value}";

    private static string Normalize(string name) => name.Replace('-', '_');

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
}
