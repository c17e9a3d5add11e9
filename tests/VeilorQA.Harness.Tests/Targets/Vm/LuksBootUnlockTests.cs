using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Tests.Targets.Vm;

public sealed class LuksBootUnlockTests
{
    private static readonly Secret Passphrase = new("correct horse battery staple");

    [Test]
    public async Task A_prompt_on_the_serial_console_is_answered_there_and_the_fact_says_so()
    {
        var console = new PrintedConsole("Run /init as init process\r\nPlease enter passphrase for disk root (luks-1234):");

        var outcome = await new LuksBootUnlock(console, keyboard: null).UnlockAsync(Passphrase, TimeSpan.FromSeconds(5), CancellationToken.None);

        outcome.How.Should().Be(LuksUnlockStep.AnswerOnSerial);
        outcome.Prompted.Should().BeTrue();
        console.Written.Should().Equal(Passphrase);
        outcome.Fact.Should().StartWith("prompt on the serial console");
    }

    [Test]
    public async Task A_root_volume_that_opened_without_a_prompt_is_a_fact_not_only_a_progress_line()
    {
        var console = new PrintedConsole("[  OK  ] Reached target Local Encrypted Volumes.\r\n");

        var outcome = await new LuksBootUnlock(console, keyboard: null).UnlockAsync(Passphrase, TimeSpan.FromSeconds(5), CancellationToken.None);

        outcome.How.Should().Be(LuksUnlockStep.AlreadyUnlocked);
        outcome.Prompted.Should().BeFalse();
        console.Written.Should().BeEmpty("nothing asked, so nothing is typed");
        outcome.Fact.Should().StartWith("NO PROMPT: the root volume opened without asking").And.Contain("Reached target Local Encrypted Volumes");
    }

    [Test]
    public async Task A_console_that_shows_neither_times_out_naming_the_prompt_and_carrying_what_it_showed()
    {
        var console = new PrintedConsole("BdsDxe: loading Boot0001\r\n");

        var act = () => new LuksBootUnlock(console, keyboard: null).UnlockAsync(Passphrase, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        (await act.Should().ThrowAsync<WaitTimeoutException>()).Which.Message.Should().Contain("the LUKS passphrase prompt after power-on").And.Contain("BdsDxe");
        console.Written.Should().BeEmpty();
    }

    /// <summary>A console whose output is all there from the start: waits match it or time out at once.</summary>
    private sealed class PrintedConsole(string output) : ISerialConsole
    {
        private string _unconsumed = output;

        public List<Secret> Written { get; } = [];

        public string Transcript { get; } = output;

        public Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var match = pattern.Match(_unconsumed);
            if (!match.Success)
            {
                throw new WaitTimeoutException($"/{pattern}/", timeout, _unconsumed);
            }

            _unconsumed = _unconsumed[(match.Index + match.Length)..];
            return Task.FromResult(match);
        }

        public Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WriteAsync(string text, CancellationToken cancellationToken = default) => throw new AssertionException($"wrote '{text}' in clear");

        public Task WriteSecretLineAsync(Secret secret, CancellationToken cancellationToken = default)
        {
            Written.Add(secret);
            return Task.CompletedTask;
        }

        public long? FindEcho(Secret secret) => null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
