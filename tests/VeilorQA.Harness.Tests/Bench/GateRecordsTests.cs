using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Bench;

namespace VeilorQA.Harness.Tests.Bench;

public class GateRecordsTests
{
    // Lines as `veilorqa run` writes them to runs/RUN/progress.jsonl (captured from a reference run, shortened).
    private static readonly string[] Progress =
    [
        """{"time":"2026-12-02T17:28:04.3218993+00:00","kind":"target","suite":"refvm","test":null,"step":null,"status":null,"message":"refvm: reference guest"}""",
        """{"time":"2026-12-02T17:33:50.16077+00:00","kind":"step","suite":"SuspendWifiSuite","test":"After_each","step":"cycle 1: suspend, wake, resume markers, wifi back","status":null,"message":null}""",
        """{"time":"2026-12-02T17:34:21.445427+00:00","kind":"step","suite":"SuspendWifiSuite","test":"After_each","step":"cycle 2: suspend, wake, resume markers, wifi back","status":null,"message":null}""",
        """{"time":"2026-12-02T17:34:58.5274097+00:00","kind":"result","suite":"suspend-wifi","test":"After_each","step":null,"status":"passed","message":""}""",
        """{"time":"2026-12-02T17:53:25.6344495+00:00","kind":"result","suite":"bootc-upgrade","test":"After_a_rollback","step":null,"status":"inconclusive","message":"x"}""",
    ];

    [Test]
    public void A_runs_wall_time_is_its_first_to_last_event()
    {
        GateRecords.RunWallTime(Progress)!.Value.TotalSeconds.Should().BeApproximately(1521.31, 0.01);
        GateRecords.RunWallTime(Progress.Take(1)).Should().BeNull();
    }

    [Test]
    public void Each_suspend_cycle_lasts_from_its_step_to_the_next_event()
    {
        var cycles = GateRecords.CycleWallTimes(Progress);

        cycles.Keys.Should().Equal(1, 2);
        cycles[1].TotalSeconds.Should().BeApproximately(31.28, 0.01);
        cycles[2].TotalSeconds.Should().BeApproximately(37.08, 0.01);
    }
}
