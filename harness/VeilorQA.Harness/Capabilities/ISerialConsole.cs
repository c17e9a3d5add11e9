using System.Text.RegularExpressions;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Capabilities;

/// <summary>A text console (VM serial port, or a lab's serial-over-TCP) with expect-style waits.</summary>
public interface ISerialConsole : IAsyncDisposable
{
    /// <summary>Waits until <paramref name="pattern"/> matches output seen since the last consumed match.</summary>
    /// <exception cref="WaitTimeoutException">On expiry, carrying the last console lines.</exception>
    Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the console printed nothing for <paramref name="quiet"/>: a prompt waiting for input, a boot that
    /// settled. Output is not consumed; a later <see cref="WaitForAsync"/> still sees it.
    /// </summary>
    /// <exception cref="WaitTimeoutException">Still printing after <paramref name="timeout"/>; carries the last console lines.</exception>
    Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken = default);

    Task WriteAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Writes a secret followed by a newline; the transcript shows ******.</summary>
    Task WriteSecretLineAsync(Secret secret, CancellationToken cancellationToken = default);

    /// <summary>The timestamped transcript so far, secrets redacted.</summary>
    string Transcript { get; }

    /// <summary>
    /// Where <paramref name="secret"/> appears in clear in the raw bytes the console received (kept in memory only), as a
    /// byte offset, or null when it never came back. The redacted <see cref="Transcript"/> cannot answer this: it masks
    /// the very text a leak check looks for. Report the offset, never the bytes.
    /// </summary>
    long? FindEcho(Secret secret);
}
