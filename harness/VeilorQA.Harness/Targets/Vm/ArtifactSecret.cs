using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// A secret a matrix artifact names (<c>luks_passphrase_env</c>, <c>registry_password_file</c> …), read with one error that
/// names the artifact, the field and the variable or file — never the value. <see cref="RunReadiness"/> asks
/// <see cref="WhyUnavailable"/> before anything starts; the target reads it with <see cref="Resolve"/>.
/// </summary>
public static class ArtifactSecret
{
    /// <summary>Why the secret <paramref name="field"/> of <paramref name="artifact"/> cannot be read here, or null when it can.</summary>
    /// <param name="artifact">The artifact's name in the matrix.</param>
    /// <param name="field">The field without its suffix: <c>luks_passphrase</c>, <c>registry_password</c>.</param>
    /// <param name="reference">Where the matrix says the secret is; null when the artifact names none.</param>
    /// <param name="environment">Reads environment variables (the process's own by default).</param>
    public static string? WhyUnavailable(string artifact, string field, SecretReference? reference, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return reference switch
        {
            null => $"artifact '{artifact}' names no {field}_env (an environment variable) or {field}_file: the install needs it",
            { Source: SecretSource.Environment } when string.IsNullOrEmpty(environment(reference.Location)) =>
                $"artifact '{artifact}' field {field}_env: environment variable {reference.Location} is not set or empty here",
            { Source: SecretSource.File } when !File.Exists(reference.Location) =>
                $"artifact '{artifact}' field {field}_file: {reference.Location} does not exist here",
            _ => null,
        };
    }

    /// <summary>Reads the secret and registers it with <see cref="Redactor.Global"/>.</summary>
    /// <exception cref="InvalidOperationException">It cannot be read; the message is <see cref="WhyUnavailable"/>'s (or names the file's mode).</exception>
    public static Secret Resolve(string artifact, string field, SecretReference? reference, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (WhyUnavailable(artifact, field, reference, environment) is { } why)
        {
            throw new InvalidOperationException(why);
        }

        Secret secret;
        try
        {
            secret = reference!.Source == SecretSource.Environment ? new Secret(environment(reference.Location)!) : Secret.FromFile(reference.Location);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"artifact '{artifact}' field {field}_file: {e.Message}", e);
        }

        Redactor.Global.Register(secret);
        return secret;
    }
}
