namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Types on a laptop before its OS is up (LUKS prompt, boot menu).</summary>
public abstract record KeyboardAdapter
{
    /// <summary>The <c>type:</c> value in TestMatrix.yml.</summary>
    public abstract string Type { get; }
}
