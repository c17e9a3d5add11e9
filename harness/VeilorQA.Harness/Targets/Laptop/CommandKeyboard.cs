using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Keystrokes through runner commands (a USB HID emulator): <c>send_text</c> types what it reads on its standard
/// input; <c>send_key</c> presses the key named by the one argument appended to it.</summary>
/// <remarks>
/// Text goes through standard input, never the command line: a passphrase in argv would be visible to every user of the
/// runner in <c>ps</c> and <c>/proc/PID/cmdline</c>. The key name is appended as a separate argument
/// (<c>sh -c '&lt;command&gt; "$1"'</c>), so no quoting of it can break the command line.
/// </remarks>
public sealed class CommandKeyboard(CommandKeyboardAdapter adapter, TimeSpan? commandTimeout = null) : IKeyboard
{
    private readonly TimeSpan _timeout = commandTimeout ?? TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The send_text command exited non-zero; the message names it.</exception>
    public Task TypeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RunAsync("send_text", ["-c", adapter.SendText], text, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The send_text command exited non-zero; the message names it (never the secret).</exception>
    public Task TypeSecretAsync(Secret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Redactor.Global.Register(secret);
        return RunAsync("send_text", ["-c", adapter.SendText], secret.Reveal(), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The send_key command exited non-zero; the message names it.</exception>
    public Task PressAsync(string combo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(combo);
        return RunAsync("send_key", ["-c", adapter.SendKey + " \"$1\"", "veilorqa-keyboard", combo], null, cancellationToken);
    }

    private async Task RunAsync(string what, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync("/bin/sh", arguments, _timeout, input, cancellationToken);
        if (result.ExitCode != 0)
        {
            var commandLine = what == "send_text" ? adapter.SendText : adapter.SendKey;
            throw new ExternalCommandException($"keyboard {what} command '{commandLine}'", result.ExitCode, Redactor.Global.Redact(result.StandardError + result.StandardOutput));
        }
    }
}
