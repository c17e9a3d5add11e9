using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Gate.Quarantine;

namespace VeilorQA.Harness.Tests.Gate;

public class QuarantineLoaderTests
{
    private static readonly DateOnly Today = new(2026, 1, 15);
    private static readonly HashSet<string> Suites = ["suspend-wifi", "usbguard", "kms"];
    private static readonly HashSet<string> Targets = ["refvm", "lab-x1"];

    [Test]
    public void A_valid_list_reads_each_entry_with_its_suite_test_target_tracker_owner_and_expiry()
    {
        var list = Parse("""
            version: 1
            quarantine:
              - test: suspend-wifi/After_each_suspend_cycle_the_system_resumes_and_wifi_reconnects_by_itself_within_the_budget
                target: refvm
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/42
                owner: alice
                expires: 2026-02-01
                reason: AP loses its channel under TCG
              - test: kms
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/43
                owner: bob
                expires: 2026-01-15
            """);

        list.Entries.Should().HaveCount(2);
        var first = list.Entries[0];
        first.Suite.Should().Be("suspend-wifi");
        first.Test.Should().Be("After_each_suspend_cycle_the_system_resumes_and_wifi_reconnects_by_itself_within_the_budget");
        first.Target.Should().Be("refvm");
        first.Tracker.Should().Be(new Uri("https://forgejo.veilor.invalid/veilor/veilorqa/issues/42"));
        first.Owner.Should().Be("alice");
        first.Expires.Should().Be(new DateOnly(2026, 2, 1));
        first.Line.Should().Be(3);
        list.Entries[1].Id.Should().Be("kms");
        list.Entries[1].Test.Should().BeNull("a suite alone quarantines the whole suite");
    }

    [Test]
    public void An_entry_past_its_expiry_date_is_an_error_naming_the_entry_its_owner_and_tracker()
    {
        var act = () => Parse("""
            version: 1
            quarantine:
              - test: usbguard/A_hot_plugged_stick_matching_an_allow_rule_is_authorized_and_an_unknown_one_is_blocked
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/7
                owner: carol
                expires: 2026-01-14
            """);

        act.Should().Throw<QuarantineException>().WithMessage(
            "quarantine.yml:6:14: quarantine[0].expires: quarantine of usbguard/A_hot_plugged_stick_matching_an_allow_rule_is_authorized_and_an_unknown_one_is_blocked "
            + "expired on 2026-01-14 (owner carol, https://forgejo.veilor.invalid/veilor/veilorqa/issues/7): fix the test and remove the entry, or renew it with a new date");
    }

    [TestCase("tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01", "quarantine[0].test: missing*")]
    [TestCase("test: kms\n    owner: a\n    expires: 2026-02-01", "quarantine[0].tracker: missing; expected the issue's http(s) URL")]
    [TestCase("test: kms\n    tracker: ftp://x.invalid/1\n    owner: a\n    expires: 2026-02-01", "*quarantine[0].tracker: expected the issue's http(s) URL, got 'ftp://x.invalid/1'")]
    [TestCase("test: kms\n    tracker: https://x.invalid/1\n    expires: 2026-02-01", "quarantine[0].owner: missing*")]
    [TestCase("test: kms\n    tracker: https://x.invalid/1\n    owner: a", "quarantine[0].expires: missing; expected a date YYYY-MM-DD")]
    [TestCase("test: kms\n    tracker: https://x.invalid/1\n    owner: a\n    expires: soon", "*quarantine[0].expires: expected a date YYYY-MM-DD, got 'soon'")]
    [TestCase("test: kms\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2027-01-01", "*2027-01-01 is more than 90 days ahead (latest 2026-04-15)*")]
    [TestCase("test: nosuch\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01", "*quarantine[0].test: no suite 'nosuch' in the matrix (suites: kms, suspend-wifi, usbguard)")]
    [TestCase("test: kms/Not a method\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01", "*expected SUITE or SUITE/TEST*got 'kms/Not a method'")]
    [TestCase("test: kms\n    target: nowhere\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01", "*quarantine[0].target: no target 'nowhere'*")]
    [TestCase("test: kms\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01\n    silence: forever", "*quarantine[0].silence: unknown key*")]
    public void A_bad_entry_is_one_error_naming_the_field(string body, string message)
    {
        var act = () => Parse("version: 1\nquarantine:\n  - " + body + "\n");

        act.Should().Throw<QuarantineException>().WithMessage(message.StartsWith('*') ? message : "*" + message);
    }

    [Test]
    public void The_same_test_twice_is_an_error_naming_the_first_line()
    {
        var entry = "  - test: kms\n    tracker: https://x.invalid/1\n    owner: a\n    expires: 2026-02-01\n";

        var act = () => Parse("version: 1\nquarantine:\n" + entry + entry);

        act.Should().Throw<QuarantineException>().WithMessage("*kms is quarantined twice (also on line 3)");
    }

    [Test]
    public void Deep_nesting_is_refused_before_it_can_overflow_the_stack()
    {
        var act = () => Parse("version: 1\nquarantine: " + new string('[', 20000) + new string(']', 20000) + "\n");

        act.Should().Throw<QuarantineException>().WithMessage("*nested deeper than 8 levels*");
    }

    [Test]
    public void No_file_and_an_empty_list_both_quarantine_nothing()
    {
        QuarantineLoader.Load("/nonexistent/quarantine.yml", Today).Entries.Should().BeEmpty();
        Parse("version: 1\nquarantine: []\n").Entries.Should().BeEmpty();
    }

    [Test]
    public void The_repositorys_quarantine_file_is_valid_today()
    {
        var file = Path.Combine(VeilorQA.Harness.Tests.Reporting.SourceFolder.RepositoryRoot, QuarantineList.DefaultFileName);

        var act = () => QuarantineLoader.Load(file, DateOnly.FromDateTime(DateTime.UtcNow));

        act.Should().NotThrow("an expired entry in quarantine.yml blocks every release: renew or remove it");
    }

    [Test]
    public void A_test_entry_excuses_a_case_only_when_it_covers_every_failing_test()
    {
        var list = Parse("""
            version: 1
            quarantine:
              - test: usbguard/The_USBGuard_daemon_is_active
                tracker: https://x.invalid/1
                owner: a
                expires: 2026-02-01
              - test: kms
                target: lab-x1
                tracker: https://x.invalid/2
                owner: b
                expires: 2026-02-01
            """);

        list.Excuse("usbguard", "refvm", ["The_USBGuard_daemon_is_active"])!.Id.Should().Be("usbguard/The_USBGuard_daemon_is_active");
        list.Excuse("usbguard", "refvm", ["The_USBGuard_daemon_is_active", "After_a_reboot_the_same_sticks_get_the_same_verdicts"]).Should().BeNull();
        list.Excuse("usbguard", "refvm", []).Should().BeNull("a case that failed without a test to blame is not excused by a test entry");
        list.Excuse("kms", "lab-x1", []).Should().NotBeNull("a whole-suite entry excuses any failure of the suite on its target");
        list.Excuse("kms", "refvm", ["The_kernel_command_line_has_no_nomodeset"]).Should().BeNull("the entry names another target");
    }

    private static QuarantineList Parse(string yaml) => QuarantineLoader.Parse(yaml, "quarantine.yml", Today, Suites, Targets);
}
