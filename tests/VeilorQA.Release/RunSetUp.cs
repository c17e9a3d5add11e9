using NUnit.Framework;
using VeilorQA.Fixtures.Lifecycle;

namespace VeilorQA.Release;

/// <summary>Claims the run id and reaps leftovers of crashed runs before any test; releases it after.</summary>
[SetUpFixture]
public sealed class RunSetUp
{
    [OneTimeSetUp]
    public void ClaimRunAndReap()
    {
        var report = RunLifecycle.Begin();
        if (report is not null && (report.RemovedDomains.Count > 0 || report.RemovedPaths.Count > 0))
        {
            TestContext.Progress.WriteLine(report.ToString());
        }
    }

    [OneTimeTearDown]
    public void ReleaseRun() => RunLifecycle.End();
}
