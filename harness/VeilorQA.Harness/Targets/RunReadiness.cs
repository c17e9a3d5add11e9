using VeilorQA.Harness.Matrix;
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
    public static IReadOnlyList<string> Check(ResolvedRun run, SuiteCatalogue? catalogue, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        environment ??= Environment.GetEnvironmentVariable;
        var reasons = new List<string>();
        if (TargetFactory.WhyCannotCreate(run) is { } cannot)
        {
            reasons.Add(cannot);
        }

        if (run.Target is LaptopEntry laptop)
        {
            reasons.AddRange(LaptopReasons(laptop, environment));
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
