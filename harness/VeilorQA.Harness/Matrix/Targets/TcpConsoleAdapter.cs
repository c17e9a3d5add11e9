namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>A serial console exposed on a TCP port (terminal server, ser2net).</summary>
public sealed record TcpConsoleAdapter(string Host, int Port) : ConsoleAdapter
{
    public const string TypeName = "tcp";

    public override string Type => TypeName;
}
