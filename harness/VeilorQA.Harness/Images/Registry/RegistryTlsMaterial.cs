using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>A throw-away CA and a server certificate it signed, for a TLS registry on loopback.</summary>
/// <remarks>
/// The server certificate names <c>127.0.0.1</c> (the host's clients: skopeo, the harness) and
/// <c>10.0.2.2</c> (the host as a guest on QEMU user-mode networking sees it), so one registry serves
/// both. Clients trust <see cref="CaPem"/> only: a client without it must be refused, which is what a
/// test of the guest's <c>/etc/containers/certs.d</c> needs. Keys live in memory until <see cref="WriteTo"/>.
/// </remarks>
public sealed class RegistryTlsMaterial : IDisposable
{
    /// <summary>IP addresses the server certificate is valid for.</summary>
    public static readonly IReadOnlyList<IPAddress> ServerAddresses = [IPAddress.Loopback, IPAddress.Parse("10.0.2.2")];

    private RegistryTlsMaterial(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    /// <summary>The CA (with its private key).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate (with its private key), signed by <see cref="Ca"/>.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ServerCertificatePem => Server.ExportCertificatePem();

    /// <summary>The server's private key, PKCS#8 PEM (what docker-registry reads).</summary>
    public string ServerKeyPem => Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>Generates a CA and a server certificate valid from an hour ago for <paramref name="validity"/> (default 2 days).</summary>
    public static RegistryTlsMaterial Generate(TimeSpan? validity = null)
    {
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow + (validity ?? TimeSpan.FromDays(2));

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=veilorqa-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddHours(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=veilorqa-registry", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var address in ServerAddresses)
        {
            san.AddIpAddress(address);
        }

        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = serverRequest.Create(ca, notBefore, notAfter, serial);
        var server = signed.CopyWithPrivateKey(serverKey);
        return new RegistryTlsMaterial(ca, server);
    }

    /// <summary>
    /// Writes <c>ca.crt</c>, <c>tls.crt</c> and <c>tls.key</c> into <paramref name="directory"/>.
    /// The key is 0644: the registry runs as root in its container, but a rootless engine maps it to
    /// another uid, and the folder (0700, under the run's temp folder) is what keeps it private.
    /// </summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), CaPem);
        File.WriteAllText(Path.Combine(directory, "tls.crt"), ServerCertificatePem);
        File.WriteAllText(Path.Combine(directory, "tls.key"), ServerKeyPem);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
