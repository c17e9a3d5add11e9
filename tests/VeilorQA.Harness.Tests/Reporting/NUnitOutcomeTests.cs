using FluentAssertions;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

public class NUnitOutcomeTests
{
    private static readonly object[] States =
    [
        new object[] { ResultState.Success, AllureStatus.Passed },
        new object[] { ResultState.Warning, AllureStatus.Passed },
        new object[] { ResultState.Failure, AllureStatus.Failed },
        new object[] { ResultState.Error, AllureStatus.Broken },
        new object[] { ResultState.Cancelled, AllureStatus.Broken },
        new object[] { ResultState.NotRunnable, AllureStatus.Broken },
        new object[] { ResultState.Error.WithSite(FailureSite.Parent), AllureStatus.Broken },
        new object[] { ResultState.Error.WithSite(FailureSite.TearDown), AllureStatus.Broken },
        new object[] { ResultState.Ignored, AllureStatus.Skipped },
        new object[] { ResultState.Ignored.WithSite(FailureSite.Parent), AllureStatus.Skipped },
        new object[] { ResultState.Skipped, AllureStatus.Skipped },
        new object[] { ResultState.Explicit, AllureStatus.Skipped },
        new object[] { ResultState.Inconclusive, AllureStatus.Skipped },
    ];

    [TestCaseSource(nameof(States))]
    public void An_NUnit_result_state_maps_to_its_allure_status(ResultState state, AllureStatus expected) =>
        NUnitOutcome.StatusOf(state).Should().Be(expected);

    [Test]
    public void An_assertion_failing_inside_a_step_fails_the_step_and_any_other_exception_breaks_it()
    {
        NUnitOutcome.StatusOf(new AssertionException("expected 42")).Should().Be(AllureStatus.Failed);
        NUnitOutcome.StatusOf(new IgnoreException("no wifi")).Should().Be(AllureStatus.Skipped);
        NUnitOutcome.StatusOf(new InconclusiveException("no TPM")).Should().Be(AllureStatus.Skipped);
        NUnitOutcome.StatusOf(new InvalidOperationException("boom")).Should().Be(AllureStatus.Broken);
        NUnitOutcome.DetailsOf(new InvalidOperationException("boom")).Message.Should().Be("System.InvalidOperationException : boom");
    }

    [Test]
    public void Without_the_attribute_steps_just_run_their_body_and_keep_its_exception()
    {
        // This assembly does not apply [AllureReport]: report calls must be harmless no-ops around the body.
        Report.Step("computes", () => 6 * 7).Should().Be(42);
        FluentActions.Invoking(() => Report.Step("throws", () => throw new InvalidOperationException("kept")))
            .Should().Throw<InvalidOperationException>().WithMessage("kept");
        Report.Attach("nothing", "written");
        Report.Parameter("target", "vm-q35");
    }
}
