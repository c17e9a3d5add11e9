using VeilorQA.Harness.Security;

namespace VeilorQA.Reporting.Sample;

/// <summary>The secret the sample tests leak on purpose; the results must show it only as <c>******</c>.</summary>
public static class SampleSecret
{
    public const string Value = "sample-luks-passphrase-7f3a";

    public static Secret Register()
    {
        var secret = new Secret(Value);
        Redactor.Global.Register(secret);
        return secret;
    }
}
