namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>An entry of the matrix's <c>targets:</c> section — a VM profile or a laptop reached over SSH — from which a live <see cref="VeilorQA.Harness.Targets.ITarget"/> is made.</summary>
public abstract record TargetEntry(string Name, string? ArtifactName)
{
    /// <summary>The <c>kind:</c> value in TestMatrix.yml.</summary>
    public abstract string Kind { get; }

    /// <summary>What this target can do, derived from its profile or declared for a laptop.</summary>
    public abstract ValueList<Capability> Capabilities { get; }

    public bool Has(Capability capability) => Capabilities.Contains(capability);
}
