using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// The secrets a run's test process may handle — the LUKS passphrase of the target or of its build, adapter passwords —
/// resolved in the CLI too, so that what the CLI writes (logs, the .trx, verdicts, the report) is redacted even where the
/// test process leaked a secret into output the CLI only copies. Values are registered with <see cref="Redactor.Global"/>, never kept.
/// </summary>
internal static class RunSecrets
{
    /// <summary>Registers every secret of <paramref name="run"/> that can be read now; a missing one is the run's own error to report.</summary>
    public static int Register(ResolvedRun run)
    {
        var registered = 0;
        foreach (var secret in Resolve(run))
        {
            Redactor.Global.Register(secret);
            registered++;
        }

        return registered;
    }

    private static IEnumerable<Secret> Resolve(ResolvedRun run)
    {
        var references = new List<SecretReference>();
        if (run.Target is LaptopEntry laptop)
        {
            references.AddRange(new[] { laptop.LuksPassphrase, (laptop.Adapters.Power as IpmiPowerAdapter)?.Password, (laptop.Adapters.Keyboard as PikvmKeyboardAdapter)?.Password }.OfType<SecretReference>());
        }

        if (run.Artifact is IsoArtifact { LuksPassphrase: { } isoPassphrase })
        {
            references.Add(isoPassphrase);
        }

        foreach (var reference in references)
        {
            Secret? secret = null;
            try
            {
                secret = reference.Resolve();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Not there (yet): the test process fails on it with its own message.
            }

            if (secret is not null)
            {
                yield return secret;
            }
        }

        // The reference guest generates its passphrase per build: read it from the build once there is one.
        // A run that installs the reference guest types that build's passphrase into its kickstart.
        var referenceGuest = run.Artifact as ReferenceGuestArtifact ?? (run.Artifact is ReferenceInstallerArtifact ? run.InstallImage as ReferenceGuestArtifact : null);
        if (referenceGuest is { } guest && ReferenceBuildOf(guest) is { } build)
        {
            Secret? passphrase = null;
            try
            {
                passphrase = build.ReadPassphrase();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A build without a readable passphrase cannot boot either; the run says so.
            }

            if (passphrase is not null)
            {
                yield return passphrase;
            }
        }
    }

    private static ReferenceGuestBuild? ReferenceBuildOf(ReferenceGuestArtifact reference)
    {
        try
        {
            var image = new ReferenceGuestImage(reference.Recipe, Path.Combine(HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
            return ReferenceGuestBuild.Load(image.CacheDirectory());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No complete, readable build yet: nothing of it to redact.
            return null;
        }
    }
}
