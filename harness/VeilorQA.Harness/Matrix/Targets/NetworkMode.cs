namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>VM network (<c>network:</c> user = user-mode with a loopback SSH forward | none).</summary>
public enum NetworkMode
{
    User,
    None,
}
