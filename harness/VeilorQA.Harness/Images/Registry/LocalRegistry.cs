using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging.Abstractions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Reaping;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>An OCI registry (veilorqa/registry) in a container on 127.0.0.1, started through Testcontainers.</summary>
/// <remarks>
/// <para>
/// Testcontainers' own resource reaper (Ryuk) is disabled: its image would have to be pulled, and
/// nothing can be pulled on the build machines. The harness reaper takes its place: the container is
/// named <c>veilorqa-&lt;runid&gt;-registry-…</c> and labelled <see cref="DockerRunContainers.RunLabel"/>
/// with the run id, so <c>veilorqa reap</c> removes it once the run's owner process is gone, as it
/// removes a crashed run's domains and disks. Its working folder (TLS material, htpasswd, storage) is
/// <c>$TMPDIR/veilorqa-&lt;runid&gt;-registry-…</c>, which the reaper removes by the same rule.
/// </para>
/// <para>
/// The port is published on 127.0.0.1 only (a random host port): a guest on QEMU user-mode networking
/// reaches it as <see cref="GuestAddress"/>, and nothing outside the machine can.
/// </para>
/// </remarks>
public sealed class LocalRegistry : IAsyncDisposable
{
    /// <summary>The port docker-registry listens on inside the container.</summary>
    public const int ContainerPort = 5000;

    /// <summary>How long the registry may take to answer <c>/v2/</c> after the container started.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The Docker API version Testcontainers' client uses when set.</summary>
    public const string DockerApiVersionVariable = "DOCKER_API_VERSION";

    private readonly IContainer _container;
    private readonly X509Certificate2? _ca;

    private LocalRegistry(IContainer container, RegistryMode mode, string workDirectory, X509Certificate2? ca, RegistryCredentials? credentials)
    {
        _container = container;
        Mode = mode;
        WorkDirectory = workDirectory;
        _ca = ca;
        Credentials = credentials;
    }

    public RegistryMode Mode { get; }

    /// <summary>Docker's name of the container (<c>veilorqa-&lt;runid&gt;-registry-…</c>).</summary>
    public string ContainerName => _container.Name.TrimStart('/');

    /// <summary>The host port on 127.0.0.1.</summary>
    public int Port => _container.GetMappedPublicPort(ContainerPort);

    /// <summary><c>127.0.0.1:PORT</c>, the address the host's clients use.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary><c>10.0.2.2:PORT</c>, the address a guest on user-mode networking uses (the certificate names it).</summary>
    public string GuestAddress => $"10.0.2.2:{Port}";

    /// <summary>The run's folder of this registry: certificates, htpasswd, storage.</summary>
    public string WorkDirectory { get; }

    /// <summary>A folder holding only <c>ca.crt</c> (skopeo's <c>--cert-dir</c>), or null in plain mode.</summary>
    public string? CaDirectory => Mode == RegistryMode.Plain ? null : Path.Combine(WorkDirectory, "client");

    /// <summary>The PEM of the CA that signed the server certificate, or null in plain mode.</summary>
    public string? CaPem => _ca?.ExportCertificatePem();

    /// <summary>The credentials the registry accepts (mode <see cref="RegistryMode.Auth"/>), else null.</summary>
    public RegistryCredentials? Credentials { get; }

    /// <summary>Where the registry stores blobs on the host (lets a test corrupt one).</summary>
    public string StorageDirectory => Path.Combine(WorkDirectory, "storage");

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme => Mode == RegistryMode.Plain ? "http" : "https";

    /// <summary>Builds the image (cache hit when it exists), starts the container and waits until <c>/v2/</c> answers.</summary>
    /// <param name="mode">Plain HTTP, TLS, or TLS with htpasswd auth.</param>
    /// <param name="run">The run the container belongs to (its name and label carry it).</param>
    /// <param name="credentials">For <see cref="RegistryMode.Auth"/>: the accepted user (default: generated).</param>
    /// <param name="image">The registry image; default: what vms/registry/build.sh prints.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<LocalRegistry> StartAsync(RegistryMode mode, RunId run, RegistryCredentials? credentials = null, string? image = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (credentials is not null && mode != RegistryMode.Auth)
        {
            throw new ArgumentException($"credentials are only used in {RegistryMode.Auth} mode, not {mode}", nameof(credentials));
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the local registry runs on a Linux container engine");
        }

        image ??= await RegistryImage.EnsureBuiltAsync(cancellationToken: cancellationToken);
        var suffix = "registry-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var work = Path.Combine(Path.GetTempPath(), run.Name(suffix));
        Directory.CreateDirectory(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(work, "storage"));

        await PinDockerApiVersionAsync(cancellationToken);

        // Ryuk's image cannot be pulled here; the harness reaper removes what a crashed run leaves (see remarks).
        TestcontainersSettings.ResourceReaperEnabled = false;
        var builder = new ContainerBuilder(image)
            .WithName(run.Name(suffix))
            .WithLabel(DockerRunContainers.RunLabel, run.Value)
            // Testcontainers' dispose only stops this container (seen with 4.16 and Ryuk disabled, whatever
            // WithCleanUp says): DisposeAsync removes it itself.
            .WithCleanUp(false)
            .WithLogger(NullLogger.Instance)
            .WithPortBinding(ContainerPort, true)
            .WithCreateParameterModifier(p => (p.HostConfig ??= new HostConfig()).PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                [$"{ContainerPort}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }],
            })
            .WithBindMount(Path.Combine(work, "storage"), "/var/lib/registry")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("listening on"));

        X509Certificate2? ca = null;
        try
        {
            if (mode != RegistryMode.Plain)
            {
                using var tls = RegistryTlsMaterial.Generate();
                var certs = Path.Combine(work, "certs");
                tls.WriteTo(certs);
                var client = Path.Combine(work, "client");
                Directory.CreateDirectory(client);
                File.WriteAllText(Path.Combine(client, "ca.crt"), tls.CaPem);
                ca = X509Certificate2.CreateFromPem(tls.CaPem);
                builder = builder
                    .WithBindMount(Path.Combine(certs, "tls.crt"), "/certs/tls.crt", AccessMode.ReadOnly)
                    .WithBindMount(Path.Combine(certs, "tls.key"), "/certs/tls.key", AccessMode.ReadOnly)
                    .WithEnvironment("REGISTRY_HTTP_TLS_CERTIFICATE", "/certs/tls.crt")
                    .WithEnvironment("REGISTRY_HTTP_TLS_KEY", "/certs/tls.key");
            }

            if (mode == RegistryMode.Auth)
            {
                credentials ??= RegistryCredentials.Generate();
                var htpasswd = Path.Combine(work, "htpasswd");
                await File.WriteAllTextAsync(htpasswd, await Htpasswd.EntryAsync(credentials, cancellationToken), cancellationToken);
                builder = builder
                    .WithBindMount(htpasswd, "/auth/htpasswd", AccessMode.ReadOnly)
                    .WithEnvironment("REGISTRY_AUTH", "htpasswd")
                    .WithEnvironment("REGISTRY_AUTH_HTPASSWD_REALM", "veilorqa")
                    .WithEnvironment("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd");
            }

            var container = builder.Build();
            var registry = new LocalRegistry(container, mode, work, ca, credentials);
            try
            {
                await container.StartAsync(cancellationToken);
                await registry.WaitReadyAsync(cancellationToken);
            }
            catch
            {
                await registry.DisposeAsync();
                throw;
            }

            return registry;
        }
        catch
        {
            ca?.Dispose();
            DeleteFolder(work);
            throw;
        }
    }

    /// <summary>An HTTP client that trusts this registry's CA only (and no other root), or any plain-HTTP client.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler();
        if (_ca is { } ca)
        {
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }

        return new HttpClient(handler) { BaseAddress = new Uri($"{Scheme}://{Address}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        var id = _container.Id;
        await _container.DisposeAsync();
        if (!string.IsNullOrEmpty(id))
        {
            var removed = await ExternalCommand.RunAsync("docker", ["rm", "--force", "--volumes", id], TimeSpan.FromSeconds(60));
            if (removed.ExitCode != 0 && !removed.StandardError.Contains("No such container", StringComparison.OrdinalIgnoreCase))
            {
                throw new RegistryException($"could not remove registry container {id}: {removed.StandardError.Trim()} (veilorqa reap removes it once this run has ended)");
            }
        }

        _ca?.Dispose();
        DeleteFolder(WorkDirectory);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = CreateHttpClient();
        try
        {
            await new Poll($"registry {ContainerName} on {Scheme}://{Address}/v2/", ReadyTimeout).Every(TimeSpan.FromMilliseconds(200))
                .RetryingOn<HttpRequestException>()
                .UntilAsync(async ct =>
                {
                    using var response = await client.GetAsync("v2/", ct);
                    return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized
                        ? PollOutcome<bool>.Done(true)
                        : PollOutcome<bool>.NotYet($"HTTP {(int)response.StatusCode}");
                }, cancellationToken);
        }
        catch (WaitTimeoutException e)
        {
            throw new RegistryException($"registry {ContainerName} on {Scheme}://{Address}/v2/ did not answer within {ReadyTimeout.TotalSeconds:0} s ({e.LastSeen})", e);
        }
    }

    /// <summary>
    /// Testcontainers' Docker client speaks API 1.44 unless told otherwise, and Debian 12's dockerd
    /// (20.10) stops at 1.41 ("client version 1.44 is too new"). Unless <c>DOCKER_API_VERSION</c> is
    /// set, it is set to the server's own version (<c>docker version</c>) before Testcontainers first
    /// reads its settings.
    /// </summary>
    private static async Task PinDockerApiVersionAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(DockerApiVersionVariable) is { Length: > 0 })
        {
            return;
        }

        var result = await ExternalCommand.RunAsync("docker", ["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        var version = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || version.Length == 0 || !version.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            throw new RegistryException($"the Docker engine did not tell its API version ('docker version' exited {result.ExitCode}: {result.StandardError.Trim()})");
        }

        Environment.SetEnvironmentVariable(DockerApiVersionVariable, version);
    }

    private static void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Files the registry wrote as another uid: the reaper removes the folder by run id later.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
