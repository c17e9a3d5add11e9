using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Capabilities;

/// <summary>An emulated or lab keyboard (VM send-key, PiKVM, ...).</summary>
public interface IKeyboard
{
    /// <summary>Types text (US layout), one key press per character.</summary>
    Task TypeAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Types a secret (a LUKS passphrase) the way <see cref="TypeAsync"/> types text, handing it to nothing another
    /// process could list or log: never a command-line argument, never a transcript.</summary>
    Task TypeSecretAsync(Secret secret, CancellationToken cancellationToken = default);

    /// <summary>Presses a combination such as <c>ctrl-alt-delete</c> or <c>ret</c>.</summary>
    Task PressAsync(string combo, CancellationToken cancellationToken = default);
}
