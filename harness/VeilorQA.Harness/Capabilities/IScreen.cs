namespace VeilorQA.Harness.Capabilities;

/// <summary>The target's display.</summary>
public interface IScreen
{
    /// <summary>Captures the screen and writes it as PNG to <paramref name="pngPath"/>.</summary>
    Task CaptureAsync(string pngPath, CancellationToken cancellationToken = default);
}
