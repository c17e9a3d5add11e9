namespace VeilorQA.Harness.Matrix;

/// <summary>Kinds of place a <see cref="SecretReference"/> points at.</summary>
public enum SecretSource
{
    /// <summary>An environment variable of the runner (<c>*_env</c> keys).</summary>
    Environment,

    /// <summary>A file on the runner (<c>*_file</c> keys).</summary>
    File,
}
