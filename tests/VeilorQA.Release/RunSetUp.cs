using NUnit.Framework;
using VeilorQA.Fixtures.Lifecycle;
using VeilorQA.Fixtures.Targets;

namespace VeilorQA.Release;

/// <summary>Claims the run id and reaps leftovers of crashed runs before any suite; removes the run's target after the last.</summary>
[SetUpFixture]
public sealed class RunSetUp : RunSetUpFixture
{
    [OneTimeTearDown]
    public async Task RemoveTargetAsync()
    {
        if (Fixtures.Targets.ReleaseRun.IsStarted)
        {
            await Fixtures.Targets.ReleaseRun.Current.DisposeAsync();
        }
    }
}
