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
    [TestCase(AllureStatus.Broken, "OneTimeSetUp: SetUp : System.InvalidOperationException : libvirt: cannot connect", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "Renci.SshNet.Common.SshConnectionException : SSH unreachable at 127.0.0.1:2222", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "OneTimeSetUp: VeilorQA.Harness.Targets.Laptop.TargetUnreachableException : target lab-x1: key rejected for user qa at x1:22", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "System.Net.Sockets.SocketException : Connection refused", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "System.TimeoutException : 'qemu-img convert' did not finish within 120 s.", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "Timed out after 60 s waiting for SSH on 127.0.0.1:2222.\nLast seen:\nlogin:", "Infrastructure problems")]
    [TestCase(AllureStatus.Broken, "System.NullReferenceException : Object reference not set to an instance of an object.", "Test defects")]
    [TestCase(AllureStatus.Broken, "System.InvalidOperationException : the test code is broken\nsecond line", "Test defects")]
    public void A_result_falls_into_exactly_one_category(AllureStatus status, string message, string expected)
    {
        var matched = DefectCategories.All.Where(c => Matches(c, status, message)).Select(c => c.Name);

        matched.Should().Equal(expected);
    }

    [TestCase(AllureStatus.Passed)]
    [TestCase(AllureStatus.Skipped)]
    public void Passed_and_skipped_results_are_no_defect(AllureStatus status) =>
        DefectCategories.All.Where(c => Matches(c, status, "libvirt")).Should().BeEmpty();

    private static bool Matches(Category category, AllureStatus status, string message) =>
        category.MatchedStatuses.Contains(status)
        && (category.MessageRegex is null || Regex.IsMatch(message, $"^(?:{category.MessageRegex})$"));
}
