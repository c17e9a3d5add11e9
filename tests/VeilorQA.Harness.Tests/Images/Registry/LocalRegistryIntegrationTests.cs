using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Reaping;
using VeilorQA.Harness.Tests.Images.Candidate;

namespace VeilorQA.Harness.Tests.Images.Registry;

/// <summary>The registry container on loopback (Docker only, no VM): push the candidate, pull it back by digest, TLS and auth refusals.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class LocalRegistryIntegrationTests
{
    private string _work = null!;
    private CandidateImage _image = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        if (!DockerRunContainers.Available || !ExternalCommand.IsOnPath("skopeo"))
        {
            Assert.Ignore("needs a Docker engine and skopeo");
        }

        _work = Directory.CreateTempSubdirectory("veilorqa-registry-test-").FullName;
        _image = TestOciLayout.Write(Path.Combine(_work, "image"));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_plain_registry_serves_the_pushed_tags_and_gives_them_back_with_the_same_digest(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string container;
        string folder;
        await using (var registry = await LocalRegistry.StartAsync(RegistryMode.Plain, RunId.Current, cancellationToken: cancellationToken))
        {
            container = registry.ContainerName;
            folder = registry.WorkDirectory;
            container.Should().StartWith(RunId.Current.Name("registry-"));
            (await Labels(container)).Should().Contain(DockerRunContainers.RunLabel, RunId.Current.Value);
            (await PortBinding(container)).Should().Be($"127.0.0.1:{registry.Port}", "published on loopback only");

            var target = RegistryTarget.Of(registry);
            var pushed = await CandidatePusher.PushAsync(_image, target, cancellationToken: cancellationToken);

            pushed.Select(p => p.Digest).Should().Equal(_image.Digests.V1, _image.Digests.V2);
            pushed[0].PinnedReference.Should().Be($"{registry.Address}/veilorqa/reference@{_image.Digests.V1}");
            var pulled = Path.Combine(_work, "pulled-plain");
            await ExternalCommand.RunCheckedAsync("skopeo", ["copy", "--quiet", "--preserve-digests", "--src-tls-verify=false", "docker://" + pushed[1].PinnedReference, $"oci:{pulled}:back"], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
            PulledDigest(pulled, "back").Should().Be(_image.Digests.V2);
        }

        (await ExternalCommand.RunAsync("docker", ["inspect", container], TimeSpan.FromSeconds(20), cancellationToken: cancellationToken)).ExitCode.Should().NotBe(0, "disposing removes the container");
        Directory.Exists(folder).Should().BeFalse();
        TestContext.Out.WriteLine($"plain registry: start, push 2 tags, pull, remove in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_tls_registry_with_htpasswd_refuses_strangers_and_serves_its_user(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var registry = await LocalRegistry.StartAsync(RegistryMode.Auth, RunId.Current, cancellationToken: cancellationToken);
        registry.Credentials.Should().NotBeNull();

        using (var client = registry.CreateHttpClient())
        {
            using var anonymous = await client.GetAsync("v2/", cancellationToken);
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var stranger = new HttpClient())
        {
            await FluentActions.Awaiting(() => stranger.GetAsync($"https://{registry.Address}/v2/", cancellationToken))
                .Should().ThrowAsync<HttpRequestException>("a client without the CA must refuse the certificate");
        }

        using var auth = RegistryAuthFile.Create(registry.Address, registry.Credentials!, RunId.Current);
        var noCredentials = RegistryTarget.Of(registry);
        var noCa = new RegistryTarget(registry.Address, Plain: false, CaDirectory: null, AuthFile: auth.Path);
        var error = await FluentActions.Awaiting(() => CandidatePusher.PushAsync(_image, noCredentials, cancellationToken: cancellationToken)).Should().ThrowAsync<RegistryException>();
        error.Which.Message.Should().MatchRegex("(?i)unauthorized|authentication required");
        var tlsError = await FluentActions.Awaiting(() => CandidatePusher.PushAsync(_image, noCa, cancellationToken: cancellationToken)).Should().ThrowAsync<RegistryException>();
        tlsError.Which.Message.Should().Contain("certificate");

        var pushed = await CandidatePusher.PushAsync(_image, RegistryTarget.Of(registry, auth.Path), cancellationToken: cancellationToken);

        pushed.Select(p => p.Digest).Should().Equal(_image.Digests.V1, _image.Digests.V2);
        var pulled = Path.Combine(_work, "pulled-auth");
        await ExternalCommand.RunCheckedAsync("skopeo", ["copy", "--quiet", "--src-cert-dir", registry.CaDirectory!, "--src-authfile", auth.Path, "docker://" + pushed[0].PinnedReference, $"oci:{pulled}:back"], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        PulledDigest(pulled, "back").Should().Be(_image.Digests.V1);
        error.Which.Message.Should().NotContain(registry.Credentials!.Password.Reveal());
        TestContext.Out.WriteLine($"TLS + htpasswd registry: refusals, push, pull in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Veilorqa_image_push_pushes_a_layout_to_a_plain_registry_and_prints_the_pinned_references(CancellationToken cancellationToken)
    {
        await using var registry = await LocalRegistry.StartAsync(RegistryMode.Plain, RunId.Current, cancellationToken: cancellationToken);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await VeilorQA.Cli.Commands.ImageCommand.Create().Parse(["push", "--registry", registry.Address, "--layout", _image.LayoutDirectory]).InvokeAsync(cancellationToken: cancellationToken);
        }
        finally
        {
            Console.SetOut(previous);
        }

        exit.Should().Be(0, output.ToString());
        output.ToString().Should().Contain($"tag 1: {registry.Address}/veilorqa/reference@{_image.Digests.V1}")
            .And.Contain($"tag 2: {registry.Address}/veilorqa/reference@{_image.Digests.V2}");
        (await CandidatePusher.ServedDigestAsync(RegistryTarget.Of(registry), "2", cancellationToken)).Should().Be(_image.Digests.V2);
    }

    private static string PulledDigest(string layout, string tag)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == tag)
            .GetProperty("digest").GetString()!;
    }

    private static async Task<Dictionary<string, string>> Labels(string container)
    {
        var json = await ExternalCommand.RunCheckedAsync("docker", ["inspect", "--format", "{{json .Config.Labels}}", container], TimeSpan.FromSeconds(20));
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    private static async Task<string> PortBinding(string container) =>
        (await ExternalCommand.RunCheckedAsync("docker", ["inspect", "--format", "{{range (index .NetworkSettings.Ports \"5000/tcp\")}}{{.HostIp}}:{{.HostPort}}{{end}}", container], TimeSpan.FromSeconds(20))).Trim();
}
