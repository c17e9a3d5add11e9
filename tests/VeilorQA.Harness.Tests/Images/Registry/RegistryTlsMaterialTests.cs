using System.Net;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Registry;

namespace VeilorQA.Harness.Tests.Images.Registry;

[TestFixture]
public sealed class RegistryTlsMaterialTests
{
    [Test]
    public void The_server_certificate_names_loopback_and_the_user_mode_network_host()
    {
        using var tls = RegistryTlsMaterial.Generate();

        var san = tls.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateIPAddresses().Should().BeEquivalentTo([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("10.0.2.2")]);
        tls.Server.MatchesHostname("127.0.0.1").Should().BeTrue();
        tls.Server.MatchesHostname("10.0.2.2").Should().BeTrue();
        tls.Server.MatchesHostname("192.168.1.1").Should().BeFalse();
        tls.Server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        tls.Ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeTrue();
    }

    [Test]
    public void The_ca_signs_the_server_certificate_and_another_ca_does_not()
    {
        using var tls = RegistryTlsMaterial.Generate();
        using var other = RegistryTlsMaterial.Generate();

        Chains(tls.Server, tls.Ca).Should().BeTrue();
        Chains(tls.Server, other.Ca).Should().BeFalse();
        tls.Server.Issuer.Should().Be(tls.Ca.Subject);
    }

    [Test]
    public void The_written_files_are_the_pem_a_registry_loads()
    {
        using var tls = RegistryTlsMaterial.Generate();
        var dir = Directory.CreateTempSubdirectory("veilorqa-tls-test-").FullName;
        try
        {
            tls.WriteTo(dir);

            using var loaded = X509Certificate2.CreateFromPemFile(Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"));
            loaded.HasPrivateKey.Should().BeTrue("the key file matches the certificate");
            loaded.Thumbprint.Should().Be(tls.Server.Thumbprint);
            using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "ca.crt")));
            Chains(loaded, ca).Should().BeTrue();
            File.ReadAllText(Path.Combine(dir, "ca.crt")).Should().NotContain("PRIVATE KEY");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void The_image_reference_is_build_sh_s_last_line()
    {
        RegistryImage.ParseReference("registry/build.sh: cache hit in 0s\nveilorqa/registry:06c3d0ef0ad29440\n").Should().Be("veilorqa/registry:06c3d0ef0ad29440");
        FluentActions.Invoking(() => RegistryImage.ParseReference("registry/build.sh: built in 3s\n"))
            .Should().Throw<FormatException>().WithMessage("*no image reference on its last line*built in 3s*");
    }

    private static bool Chains(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
