using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>Which category Allure will put a result into; patterns are matched whole, as Java's String.matches does.</summary>
public class DefectCategoriesTests
{
    [TestCase(AllureStatus.Failed, "Expected: \"connected\" But was: \"disconnected\"", "Product defects")]
    [TestCase(AllureStatus.Broken, "VeilorQA.Harness.Libvirt.LibvirtException : virDomainCreate failed: internal error", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "OneTimeSetUp: VeilorQA.Harness.Capabilities.WaitTimeoutException : Timed out after 720 s waiting for SSH at root@127.0.0.1:40022.", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "Renci.SshNet.Common.SshConnectionException : SSH unreachable at 127.0.0.1:2222", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "OneTimeSetUp: VeilorQA.Harness.Targets.Laptop.TargetUnreachableException : target lab-x1: key rejected for user qa at x1:22", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "VeilorQA.Harness.Channels.Shell.SshConnectException : connection to root@127.0.0.1:40022 lost", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "VeilorQA.Harness.Targets.TargetNotReadyException : target 'refvm' could not be made ready earlier in this run", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "System.Net.Sockets.SocketException : Connection refused", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "System.TimeoutException : 'qemu-img convert' did not finish within 120 s.", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "NOT MET [infrastructure]: broken (infrastructure): VeilorQA.Harness.Capabilities.WaitTimeoutException : …", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "NOT MET [not proven]: not proven: 2 test(s) skipped or inconclusive without a waiver", "Not proven")]
    [TestCase(AllureStatus.Broken, "NOT MET [harness]: expected to fail under nomodeset but passed", "Harness errors")]
    [TestCase(AllureStatus.Broken, "OneTimeSetUp: SetUp : System.InvalidOperationException : libvirt: cannot connect", "Harness errors")]
    [TestCase(AllureStatus.Broken, "Timed out after 60 s waiting for SSH on 127.0.0.1:2222.\nLast seen:\nlogin:", "Harness errors")]
    [TestCase(AllureStatus.Broken, "System.NullReferenceException : Object reference not set to an instance of an object.", "Harness errors")]
    [TestCase(AllureStatus.Broken, "System.InvalidOperationException : the test code is broken\nsecond line", "Harness errors")]
    public void A_result_falls_into_exactly_one_category(AllureStatus status, string message, string expected)
    {
        var matched = DefectCategories.All.Where(c => Matches(c, status, message)).Select(c => c.Name);

        matched.Should().Equal(expected);
    }

    [Test]
    public void A_fault_proof_report_files_the_required_failure_apart_from_another_failure()
    {
        var faults = new[] { new VeilorQA.Harness.Matrix.Suites.Fault("nomodeset", "kms", "x", "'nomodeset' is on the kernel command line") };
        var categories = DefectCategories.ForFaultProofs(faults);

        categories.Where(c => Matches(c, AllureStatus.Failed, "KMS: 'nomodeset' is on the kernel command line, so no native DRM driver may load (x)"))
            .Select(c => c.Name).Should().Equal("Failed as its fault requires");
        categories.Where(c => Matches(c, AllureStatus.Failed, "KMS FAILED: no connector is connected"))
            .Select(c => c.Name).Should().Equal("Failed otherwise than its fault requires");
    }

    [TestCase(AllureStatus.Passed)]
    [TestCase(AllureStatus.Skipped)]
    public void Passed_and_skipped_results_are_no_defect(AllureStatus status) =>
        DefectCategories.All.Where(c => Matches(c, status, "libvirt")).Should().BeEmpty();

    private static bool Matches(Category category, AllureStatus status, string message) =>
        category.MatchedStatuses.Contains(status)
        && (category.MessageRegex is null || Regex.IsMatch(message, $"^(?:{category.MessageRegex})$"));
}
