namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>
/// The reference installer ISO (issue 10) built by the project from <see cref="Recipe"/> (vms/installer): an
/// Anaconda-shaped installer that installs the reference guest's candidate OCI image. Its sha256 is the build's.
/// </summary>
public sealed record ReferenceInstallerArtifact(string Name, string Recipe) : Artifact(Name)
{
    public const string KindName = "reference-installer";

    public override string Kind => KindName;
}
