using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Matrix;

/// <summary>Where a secret lives (an environment variable or a file); the matrix never holds the value.</summary>
public sealed record SecretReference(SecretSource Source, string Location)
{
    public static SecretReference Environment(string variable) => new(SecretSource.Environment, variable);

    public static SecretReference File(string path) => new(SecretSource.File, path);

    /// <summary>Reads the secret; throws naming the reference (never the value) when it is not there.</summary>
    public Secret Resolve() => Source switch
    {
        SecretSource.Environment => Secret.FromEnvironment(Location)
            ?? throw new InvalidOperationException($"Secret environment variable {Location} is not set or empty."),
        SecretSource.File => System.IO.File.Exists(Location)
            ? Secret.FromFile(Location)
            : throw new FileNotFoundException($"Secret file {Location} does not exist.", Location),
        _ => throw new InvalidOperationException($"Unknown secret source {Source}."),
    };

    public override string ToString() => Source == SecretSource.Environment ? $"env:{Location}" : $"file:{Location}";
}
