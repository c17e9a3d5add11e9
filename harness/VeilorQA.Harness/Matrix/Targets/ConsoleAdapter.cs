namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>A laptop's serial console reached from the runner.</summary>
public abstract record ConsoleAdapter
{
    /// <summary>The <c>type:</c> value in TestMatrix.yml.</summary>
    public abstract string Type { get; }
}
