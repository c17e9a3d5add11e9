namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Switches a laptop's power from outside its OS.</summary>
public abstract record PowerAdapter
{
    /// <summary>The <c>type:</c> value in TestMatrix.yml.</summary>
    public abstract string Type { get; }
}
