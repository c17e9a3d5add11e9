using System.Security.Cryptography;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>A registry user name and its password; the password is a <see cref="Secret"/> and prints as <c>******</c>.</summary>
public sealed record RegistryCredentials(string User, Secret Password)
{
    /// <summary>Fresh credentials: a fixed user and 18 random bytes as password, registered with the global redactor.</summary>
    public static RegistryCredentials Generate(string user = "veilorqa")
    {
        var password = new Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y'));
        Redactor.Global.Register(password);
        return new RegistryCredentials(user, password);
    }

    public override string ToString() => $"{User}:{Secret.Mask}";
}
