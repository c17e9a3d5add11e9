namespace VeilorQA.Harness.Matrix;

/// <summary>A machine suites run on: a VM profile or a laptop reached over SSH.</summary>
public abstract record Target(string Name, string? ArtifactName)
{
    /// <summary>The <c>kind:</c> value in TestMatrix.yml.</summary>
    public abstract string Kind { get; }

    /// <summary>What this target can do, derived from its profile or declared for a laptop.</summary>
    public abstract ValueList<Capability> Capabilities { get; }

    public bool Has(Capability capability) => Capabilities.Contains(capability);
}
