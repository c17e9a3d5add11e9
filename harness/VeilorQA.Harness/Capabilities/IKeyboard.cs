namespace VeilorQA.Harness.Capabilities;

/// <summary>An emulated or lab keyboard (VM send-key, PiKVM, ...).</summary>
public interface IKeyboard
{
    /// <summary>Types text (US layout), one key press per character.</summary>
    Task TypeAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Presses a combination such as <c>ctrl-alt-delete</c> or <c>ret</c>.</summary>
    Task PressAsync(string combo, CancellationToken cancellationToken = default);
}
