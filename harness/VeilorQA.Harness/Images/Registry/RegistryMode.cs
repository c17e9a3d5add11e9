namespace VeilorQA.Harness.Images.Registry;

/// <summary>How a <see cref="LocalRegistry"/> serves.</summary>
public enum RegistryMode
{
    /// <summary>Plain HTTP; clients mark <c>host:port</c> insecure.</summary>
    Plain,

    /// <summary>HTTPS with a certificate from a generated CA; clients must trust the CA.</summary>
    Tls,

    /// <summary>HTTPS as <see cref="Tls"/> plus htpasswd (bcrypt) authentication: <c>/v2/</c> answers 401 without credentials.</summary>
    Auth,
}
