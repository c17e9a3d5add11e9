using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Release.Suites;

/// <summary>Logs: this boot's journal reaches the runner through the virtio-9p share; where it cannot, the harness still gets it over SSH.</summary>
[ReleaseSuite("logs-9p")]
[Order(5)]
public sealed class Logs9pSuite : TargetFixture
{
    /// <summary>The file the guest's log unit appends the journal to, in the share's root.</summary>
    public const string JournalFile = "journal.log";

    private static readonly TimeSpan ArrivalBudget = TimeSpan.FromSeconds(45);

    [Test, Order(1)]
    public async Task This_boots_journal_reaches_the_host_through_the_9p_share()
    {
        var share = Require<ILogShare>();
        var bootId = (await MustAsync("cat /proc/sys/kernel/random/boot_id")).StandardOutput.Trim();
        var marker = $"veilorqa-marker-{Guid.NewGuid():N}";
        await MustAsync($"logger -t veilorqa-qa {marker}");
        var path = Path.Combine(share.HostDirectory, JournalFile);
        var text = string.Empty;
        try
        {
            var arrived = await new Poll($"this boot's journal ({bootId}) with marker {marker} in {path}", ArrivalBudget).Every(TimeSpan.FromSeconds(1))
                .UntilAsync(async ct =>
                {
                    text = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : string.Empty;
                    return text.Contains($"boot {bootId}", StringComparison.Ordinal) && text.Contains(marker, StringComparison.Ordinal)
                        ? PollOutcome<bool>.Done(true)
                        : PollOutcome<bool>.NotYet(text.Length == 0 ? "no journal in the share" : $"{text.Length} bytes, not this boot's marker");
                });
            Report.Parameter("journal arrival", $"{arrived.Elapsed.TotalSeconds:0.0} s");
            return;
        }
        catch (WaitTimeoutException)
        {
            // The share never got it: why is a product fact, read below.
        }

        var why = await DiagnoseAsync();
        Report.Attach("journal (over SSH, because the 9p share has none)", (await RunAsync("journalctl -b --no-pager -o short-precise | tail -n 3000")).StandardOutput);
        Assert.Fail(Logs9pFailures.NotShared(bootId, share.Tag, ArrivalBudget, text.Length == 0, why));
    }

    [Test, Order(2)]
    public async Task The_journal_of_this_boot_is_collected_over_SSH_as_well()
    {
        var result = await RunAsync("journalctl -b --no-pager -o short-precise | tail -n 3000");
        Report.Attach("journal of this boot (over SSH)", result.StandardOutput);
        Assert.That(result.Succeeded && Lines(result.StandardOutput).Count > 10, Is.True, Logs9pFailures.NoJournalOverSsh(result.ExitCode, result.StandardError.Trim()));
    }

    /// <summary>Names what stopped the share: a modprobe.d block (as secureblue ships), a failed unit, a failed mount.</summary>
    private async Task<string> DiagnoseAsync()
    {
        var block = await RunAsync(
            "grep -Hs -E '^[[:space:]]*(install|blacklist)[[:space:]]+(9p|9pnet|9pnet_virtio)\\b' /etc/modprobe.d/*.conf /run/modprobe.d/*.conf /usr/lib/modprobe.d/*.conf /lib/modprobe.d/*.conf || true");
        var unit = await RunAsync("systemctl is-active veilorqa-logs.service; journalctl -b -u veilorqa-logs.service --no-pager -o cat | tail -n 5");
        Report.Attach("9p diagnosis", $"modprobe.d:\n{block.StandardOutput}\nlog unit:\n{unit.StandardOutput}");
        var lines = Lines(block.StandardOutput).ToList();
        return lines.Count > 0 ? Logs9pFailures.ModprobeBlocks(lines) : Logs9pFailures.NoBlockFound(Lines(unit.StandardOutput));
    }
}
