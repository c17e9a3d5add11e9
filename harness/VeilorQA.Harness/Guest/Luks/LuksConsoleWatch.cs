using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>
/// Console waits around the root volume's unlock. A prompt or an unlock sign is an answer a suite can judge (a volume
/// that opened without asking is the product's failure); a console that showed neither within the budget leaves the
/// target's state unknown (slow runner, hung firmware, lost channel): an infrastructure <see cref="WaitTimeoutException"/>
/// carrying the last console lines.
/// </summary>
public static class LuksConsoleWatch
{
    private static readonly Regex AnyOutput = new(@"[\s\S]+", RegexOptions.CultureInvariant);
    private static readonly Regex AnsiColour = new(@"\x1b\[[0-9;]*m", RegexOptions.CultureInvariant);
    private const int KeptChars = 2000;

    /// <summary>Waits for the LUKS prompt or a sign that the volume opened without one, whichever the console shows first.</summary>
    /// <param name="console">The console the prompt goes to.</param>
    /// <param name="timeout">The budget for either.</param>
    /// <param name="what">Names the wait in the timeout's message (<c>the LUKS passphrase prompt after power-on</c>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="WaitTimeoutException">Neither came within <paramref name="timeout"/>; carries the last console lines.</exception>
    public static async Task<LuksFirstSign> WaitForPromptOrUnlockAsync(ISerialConsole console, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var clock = Stopwatch.StartNew();
        try
        {
            var first = await console.WaitForAsync(LuksBootMarkers.PromptOrUnlocked, timeout, cancellationToken);
            return new LuksFirstSign(LuksBootMarkers.IsPrompt(first), Plain(first.Value), clock.Elapsed);
        }
        catch (WaitTimeoutException e)
        {
            throw new WaitTimeoutException($"{what} (or a sign that the root volume opened without one)", timeout, e.LastSeen);
        }
    }

    /// <summary>
    /// Waits until the console printed nothing for <paramref name="quiet"/> (with the prompt on the screen, the serial console
    /// falls quiet while systemd-cryptsetup waits), and returns what it printed until then.
    /// </summary>
    /// <exception cref="WaitTimeoutException">It kept printing for <paramref name="timeout"/>; carries the tail of what it printed.</exception>
    public static async Task<string> WaitForQuietAsync(ISerialConsole console, TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var seen = new StringBuilder();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                var output = await console.WaitForAsync(AnyOutput, quiet, cancellationToken);
                seen.Append(output.Value);
            }
            catch (WaitTimeoutException)
            {
                return seen.ToString();
            }
        }

        var text = seen.ToString();
        throw new WaitTimeoutException($"the serial console to fall quiet for {quiet.TotalSeconds:0} s", timeout, text.Length > KeptChars ? text[^KeptChars..] : text);
    }

    /// <summary>The first unlock sign in <paramref name="output"/> (ANSI colour codes removed), or null when it has none.</summary>
    public static string? UnlockSignIn(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var plain = Plain(output);
        var match = LuksBootMarkers.Unlocked.Match(plain);
        return match.Success ? match.Value : null;
    }

    private static string Plain(string text) => AnsiColour.Replace(text, string.Empty).Trim();
}
