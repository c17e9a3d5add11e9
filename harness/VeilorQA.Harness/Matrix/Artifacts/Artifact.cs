namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>Something a target boots or installs: the bootstrap ISO, the OCI image, or the reference guest.</summary>
public abstract record Artifact(string Name)
{
    /// <summary>The <c>kind:</c> value in TestMatrix.yml.</summary>
    public abstract string Kind { get; }

    /// <summary>veilor's brand the system of this artifact must carry (<c>branding:</c>), or null when the matrix names none.</summary>
    public Branding? Branding { get; init; }
}
