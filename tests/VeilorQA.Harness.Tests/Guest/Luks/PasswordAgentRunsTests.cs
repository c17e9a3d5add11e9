using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Luks;

namespace VeilorQA.Harness.Tests.Guest.Luks;

public class PasswordAgentRunsTests
{
    // The first line as the reference guest's keyboard-route boot gave it (boot-luks attachment, 2026-12-03).
    [Test]
    public void A_boot_that_asked_shows_the_console_agent_starting()
    {
        const string journal =
            "[   20.834064] localhost systemd[1]: Started systemd-ask-password-console.service - Dispatch Password Requests to Console.\n" +
            "[   28.402311] localhost systemd[1]: systemd-ask-password-console.service: Deactivated successfully.\n" +
            "[   28.431877] localhost systemd[1]: Stopped systemd-ask-password-console.service - Dispatch Password Requests to Console.\n";

        PasswordAgentRuns.Started(journal).Should().ContainSingle()
            .Which.Should().EndWith("Started systemd-ask-password-console.service - Dispatch Password Requests to Console.");
    }

    [Test]
    public void Plymouths_agent_counts_too()
    {
        PasswordAgentRuns.Started("Dec 03 14:02:11 x1 systemd[1]: Started systemd-ask-password-plymouth.service - Forward Password Requests to Plymouth.\r\n")
            .Should().HaveCount(1);
    }

    [TestCase("")]
    [TestCase("[    9.944881] localhost systemd[1]: Started systemd-ask-password-console.path - Dispatch Password Requests to Console Directory Watch.\n")]
    [TestCase("[   48.090000] localhost systemd[1]: Started systemd-ask-password-wall.path - Forward Password Requests to Wall Directory Watch.\n")]
    public void A_boot_whose_journal_has_only_the_path_watches_asked_nobody(string journal)
    {
        PasswordAgentRuns.Started(journal).Should().BeEmpty();
    }
}
