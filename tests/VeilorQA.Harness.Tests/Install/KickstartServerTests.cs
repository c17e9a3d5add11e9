using System.Net;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install;

namespace VeilorQA.Harness.Tests.Install;

public sealed class KickstartServerTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("veilorqa-test-ks-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task It_serves_the_kickstart_on_loopback_and_nothing_else()
    {
        var file = Path.Combine(_folder, "ks.cfg");
        await File.WriteAllTextAsync(file, "text\nostreecontainer --url=10.0.2.2:5000/x@sha256:00 --transport=registry\n");
        using var server = KickstartServer.Start(file);
        using var http = new HttpClient();

        var body = await http.GetStringAsync($"http://127.0.0.1:{server.Port}/ks.cfg");
        var other = await http.GetAsync($"http://127.0.0.1:{server.Port}/etc/shadow");

        body.Should().Be(await File.ReadAllTextAsync(file));
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        server.Requests.Should().Be(1);
    }

    [Test]
    public async Task After_disposal_the_port_is_closed()
    {
        var file = Path.Combine(_folder, "ks.cfg");
        await File.WriteAllTextAsync(file, "text\n");
        int port;
        using (var server = KickstartServer.Start(file))
        {
            port = server.Port;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var fetch = () => http.GetStringAsync($"http://127.0.0.1:{port}/ks.cfg");
        await fetch.Should().ThrowAsync<HttpRequestException>();
    }
}
