using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Sleep;

namespace VeilorQA.Harness.Tests.Guest.Sleep;

public class SuspendCycleTableTests
{
    private static readonly SuspendCycleTimings Passed =
        new(1, TimeSpan.FromMilliseconds(1234), TimeSpan.FromSeconds(20.5), TimeSpan.FromSeconds(31), TimeSpan.FromMilliseconds(4200), "passed");

    private static readonly SuspendCycleTimings FailedAtWifi =
        new(2, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(28.25), null, "cycle 2: wifi did not reconnect within 15 s, \"wlan0\" disconnected");

    [Test]
    public void The_csv_has_one_row_per_cycle_in_seconds_with_empty_cells_where_a_cycle_stopped()
    {
        var csv = SuspendCycleTable.ToCsv([Passed, FailedAtWifi]);

        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "cycle,suspend_entry_s,asleep_s,resume_s,reconnect_s,outcome",
            "1,1.234,20.500,31.000,4.200,passed",
            "2,1.500,19.000,28.250,,\"cycle 2: wifi did not reconnect within 15 s, \"\"wlan0\"\" disconnected\"");
    }

    [Test]
    public void The_json_carries_the_budget_and_null_for_what_a_cycle_did_not_reach()
    {
        using var doc = JsonDocument.Parse(SuspendCycleTable.ToJson([Passed, FailedAtWifi], TimeSpan.FromSeconds(15)));

        doc.RootElement.GetProperty("wifi_reconnect_budget_s").GetDouble().Should().Be(15);
        var cycles = doc.RootElement.GetProperty("cycles").EnumerateArray().ToList();
        cycles.Should().HaveCount(2);
        cycles[0].GetProperty("reconnect_s").GetDouble().Should().Be(4.2);
        cycles[1].GetProperty("reconnect_s").ValueKind.Should().Be(JsonValueKind.Null);
        cycles[1].GetProperty("outcome").GetString().Should().StartWith("cycle 2: wifi did not reconnect");
    }

    [Test]
    public void A_timing_reads_in_seconds_or_says_it_was_not_reached()
    {
        SuspendCycleTable.Describe(TimeSpan.FromMilliseconds(12345)).Should().Be("12.3 s");
        SuspendCycleTable.Describe(null).Should().Be("not reached");
    }
}
