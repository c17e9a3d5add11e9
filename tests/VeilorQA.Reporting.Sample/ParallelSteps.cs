using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;

namespace VeilorQA.Reporting.Sample;

/// <summary>Tests running at the same time, each with nested async steps: no step may land in another test.</summary>
[Parallelizable(ParallelScope.Children)]
public class ParallelSteps
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task Steps_stay_with_their_test(int n)
    {
        await Report.StepAsync($"outer {n}", async () =>
        {
            await Task.Delay(20 * n);
            await Task.WhenAll(
                Report.StepAsync($"left {n}", () => Task.Delay(30)),
                Report.StepAsync($"right {n}", () => Task.Delay(30)));
            Report.Attach($"log {n}", $"test {n}");
        });
        Report.Step($"last {n}", () => Assert.That(n, Is.Positive));
    }
}
