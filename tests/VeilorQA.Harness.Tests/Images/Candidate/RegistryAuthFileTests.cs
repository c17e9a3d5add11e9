using System.Text;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Images.Candidate;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are Unix
public sealed class RegistryAuthFileTests
{
    private const string Password = "p4ss-w0rd-never-printed";

    [Test]
    public void The_file_is_0600_in_a_0700_run_folder_and_holds_containers_auth_json()
    {
        var run = RunId.New();
        var credentials = new RegistryCredentials("veilorqa", new Secret(Password));
        string directory;
        using (var file = RegistryAuthFile.Create("127.0.0.1:5000", credentials, run))
        {
            directory = file.Directory;
            Path.GetFileName(directory).Should().StartWith(run.Name("auth-"), "the reaper finds it by run id");
            File.GetUnixFileMode(file.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            using var json = JsonDocument.Parse(File.ReadAllText(file.Path));
            var auth = json.RootElement.GetProperty("auths").GetProperty("127.0.0.1:5000").GetProperty("auth").GetString()!;
            Encoding.UTF8.GetString(Convert.FromBase64String(auth)).Should().Be("veilorqa:" + Password);
        }

        Directory.Exists(directory).Should().BeFalse("disposing removes the folder");
    }

    [Test]
    public void Rewriting_an_existing_file_keeps_0600()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-authfile-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "auth.json");
            File.WriteAllText(path, "{}");
            File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);

            RegistryAuthFile.Write(path, ["127.0.0.1:5000", "10.0.2.2:5000"], new RegistryCredentials("u", new Secret(Password)));

            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            json.RootElement.GetProperty("auths").EnumerateObject().Select(p => p.Name).Should().Equal("127.0.0.1:5000", "10.0.2.2:5000");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void No_secret_in_any_message()
    {
        var credentials = new RegistryCredentials("veilorqa", new Secret(Password));

        credentials.ToString().Should().Be("veilorqa:******");
        $"{credentials}".Should().NotContain(Password);
        var missingFolder = Path.Combine(Path.GetTempPath(), "veilorqa-no-such-" + Guid.NewGuid().ToString("N"), "auth.json");
        FluentActions.Invoking(() => RegistryAuthFile.Write(missingFolder, "127.0.0.1:1", credentials))
            .Should().Throw<IOException>().Which.ToString().Should().NotContain(Password);
        FluentActions.Invoking(() => RegistryAuthFile.Write(missingFolder, string.Empty, credentials))
            .Should().Throw<ArgumentException>().Which.ToString().Should().NotContain(Password);
        FluentActions.Invoking(() => Htpasswd.EntryAsync(new RegistryCredentials("bad:user", new Secret(Password))).GetAwaiter().GetResult())
            .Should().Throw<ArgumentException>().Which.ToString().Should().NotContain(Password);
    }

    [Test]
    public void Generated_credentials_are_registered_with_the_redactor()
    {
        var credentials = RegistryCredentials.Generate();

        credentials.Password.Reveal().Should().HaveLength(24);
        Redactor.Global.Redact("push with " + credentials.Password.Reveal()).Should().NotContain(credentials.Password.Reveal());
    }

    [Test]
    public void Htpasswd_gives_a_bcrypt_entry_from_standard_input()
    {
        if (!ExternalCommand.IsOnPath("htpasswd"))
        {
            Assert.Ignore("htpasswd (apache2-utils) is not installed");
        }

        var line = Htpasswd.EntryAsync(new RegistryCredentials("veilorqa", new Secret(Password))).GetAwaiter().GetResult();

        line.Should().MatchRegex(@"^veilorqa:\$2y\$\d\d\$[./A-Za-z0-9]{53}\n$");
        line.Should().NotContain(Password);
    }
}
