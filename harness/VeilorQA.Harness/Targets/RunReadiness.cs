using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Reporting.Verdicts;

namespace VeilorQA.Harness.Targets;

/// <summary>
/// Whether a resolved run can run on this machine with the built code — before anything boots: the target is one this
/// build can make, the files and secrets it names are there, and the built release suites have every suite (and every
/// test a waiver names). <c>matrix validate</c> prints the reasons; <c>veilorqa run</c> refuses the run with them (exit 2).
/// </summary>
public static class RunReadiness
{
    /// <summary>Why <paramref name="run"/> cannot run here; empty when it can.</summary>
    /// <param name="run">The run as <c>veilorqa run</c> resolved it.</param>
    /// <param name="catalogue">The built release suites, or null when they are not built (their checks are then left out).</param>
    /// <param name="environment">Reads environment variables (the process's own by default).</param>
    /// <param name="resolveHost">Whether a host name resolves here (DNS by default): an ISO URL whose host does not resolve cannot be downloaded.</param>
    public static IReadOnlyList<string> Check(ResolvedRun run, SuiteCatalogue? catalogue, Func<string, string?>? environment = null, Func<string, bool>? resolveHost = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        environment ??= Environment.GetEnvironmentVariable;
        resolveHost ??= HostResolves;
        var reasons = new List<string>();
        if (TargetFactory.WhyCannotCreate(run) is { } cannot)
        {
            reasons.Add(cannot);
        }

        if (run.Target is LaptopEntry laptop)
        {
            reasons.AddRange(LaptopReasons(laptop, environment));
        }

        if (run.Target is VmProfile && run.Artifact is IsoArtifact iso)
        {
            reasons.AddRange(InstallReasons(iso, run.InstallImage as OciImageArtifact, environment, resolveHost));
        }

        if (catalogue is not null)
        {
            foreach (var matrixCase in run.Cases.Where(c => !catalogue.Has(c.Suite.Name)))
            {
                reasons.Add($"suite '{matrixCase.Suite.Name}' has no [ReleaseSuite] fixture in the built release suites ({catalogue.AssemblyPath})");
            }

            foreach (var waiver in run.Run.Waivers)
            {
                var tests = catalogue.TestsOf(waiver.Suite);
                if (tests.Count > 0 && !CapabilityNames.All.Contains(waiver.Subject) && tests.All(t => t.Method != waiver.Subject))
                {
                    reasons.Add($"waiver {waiver.Key} names neither a capability ({string.Join(", ", CapabilityNames.All)}) nor a test of suite '{waiver.Suite}' ({string.Join(", ", tests.Select(t => t.Method))})");
                }
            }
        }

        return reasons;
    }

    private static IEnumerable<string> LaptopReasons(LaptopEntry laptop, Func<string, string?> environment)
    {
        var name = $"laptop '{laptop.Name}'";
        if (laptop.KeyFile is { } key && !File.Exists(key))
        {
            yield return $"{name}: its SSH key {key} does not exist here";
        }

        if (laptop.UseAgent && string.IsNullOrEmpty(environment("SSH_AUTH_SOCK")))
        {
            yield return $"{name}: it authenticates with the SSH agent, but SSH_AUTH_SOCK is not set here";
        }

        if (laptop.HostKeyFingerprintFile is { } pin && !File.Exists(pin))
        {
            yield return $"{name}: its host key pin {pin} does not exist here";
        }

        foreach (var (what, secret) in Secrets(laptop))
        {
            if (Missing(secret, environment) is { } missing)
            {
                yield return $"{name}: {what} ({secret}) {missing}";
            }
        }
    }

    // What an install from an ISO needs before any VM: the ISO (a file, or a URL whose host resolves unless the cache holds
    // the download), the passphrase and the registry credentials the artifacts name.
    private static IEnumerable<string> InstallReasons(IsoArtifact iso, OciImageArtifact? image, Func<string, string?> environment, Func<string, bool> resolveHost)
    {
        if (iso.Path is { } path && !File.Exists(path))
        {
            yield return $"artifact '{iso.Name}' field path: {path} does not exist here";
        }

        bool cached;
        using (var source = new Install.Iso.IsoSource())
        {
            cached = File.Exists(source.CachePathOf(iso.Sha256));
        }

        if (iso.Url is { } url && !cached && !resolveHost(url.Host))
        {
            yield return $"artifact '{iso.Name}' field url: host {url.Host} of {url} does not resolve here, and the ISO with sha256 {iso.Sha256[..16]}… is not in the download cache";
        }

        if (Vm.ArtifactSecret.WhyUnavailable(iso.Name, "luks_passphrase", iso.LuksPassphrase, environment) is { } passphrase)
        {
            yield return passphrase;
        }

        if (image is { RegistryUser: not null })
        {
            foreach (var (field, reference) in new[] { ("registry_user", image.RegistryUser), ("registry_password", image.RegistryPassword) })
            {
                if (Vm.ArtifactSecret.WhyUnavailable(image.Name, field, reference, environment) is { } credential)
                {
                    yield return credential;
                }
            }
        }
    }

    private static bool HostResolves(string host)
    {
        try
        {
            using var lookup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return System.Net.Dns.GetHostAddressesAsync(host, lookup.Token).GetAwaiter().GetResult().Length > 0;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or ArgumentException)
        {
            return false;
        }
    }

    private static IEnumerable<(string What, SecretReference Secret)> Secrets(LaptopEntry laptop)
    {
        if (laptop.LuksPassphrase is { } luks)
        {
            yield return ("LUKS passphrase", luks);
        }

        if (laptop.Adapters.Power is IpmiPowerAdapter ipmi)
        {
            yield return ("IPMI password", ipmi.Password);
        }

        if (laptop.Adapters.Keyboard is PikvmKeyboardAdapter pikvm)
        {
            yield return ("PiKVM password", pikvm.Password);
        }
    }

    private static string? Missing(SecretReference secret, Func<string, string?> environment) => secret.Source switch
    {
        SecretSource.Environment => string.IsNullOrEmpty(environment(secret.Location)) ? "is not set here" : null,
        _ => File.Exists(secret.Location) ? null : "does not exist here",
    };
}
