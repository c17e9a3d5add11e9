using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Keystrokes through runner commands (a USB HID emulator): the configured command line runs with the text or key name appended as one argument.</summary>
/// <remarks>The text is passed as a separate argument (<c>sh -c '&lt;command&gt; "$1"'</c>), so no quoting of it can break the command line.</remarks>
public sealed class CommandKeyboard(CommandKeyboardAdapter adapter, TimeSpan? commandTimeout = null) : IKeyboard
{
    private readonly TimeSpan _timeout = commandTimeout ?? TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The send_text command exited non-zero; the message names it.</exception>
    public Task TypeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RunAsync("send_text", adapter.SendText, text, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ExternalCommandException">The send_key command exited non-zero; the message names it.</exception>
    public Task PressAsync(string combo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(combo);
        return RunAsync("send_key", adapter.SendKey, combo, cancellationToken);
    }

    private async Task RunAsync(string what, string commandLine, string argument, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync("/bin/sh", ["-c", commandLine + " \"$1\"", "veilorqa-keyboard", argument], _timeout, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ExternalCommandException($"keyboard {what} command '{commandLine}'", result.ExitCode, result.StandardError + result.StandardOutput);
        }
    }
}
