using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Progress;

namespace VeilorQA.Harness.Tests.Progress;

public class ProgressLogTests
{
    [Test]
    public void A_reader_gets_each_event_once_and_leaves_a_half_written_line_for_later()
    {
        var path = Path.Combine(Path.GetTempPath(), $"veilorqa-progress-{Guid.NewGuid():N}.jsonl");
        try
        {
            var log = new ProgressLog(path);
            log.Write("step", "boot-luks", "Unlocks_over_serial", "wait for prompt");
            var (first, offset) = ProgressLog.ReadFrom(path, 0);
            first.Should().ContainSingle().Which.Step.Should().Be("wait for prompt");

            File.AppendAllText(path, "{\"kind\":\"st");
            ProgressLog.ReadFrom(path, offset).Events.Should().BeEmpty();

            File.AppendAllText(path, "ep\",\"suite\":\"tpm\"}\n");
            var (second, _) = ProgressLog.ReadFrom(path, offset);
            second.Should().ContainSingle().Which.Suite.Should().Be("tpm");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Without_a_path_nothing_is_written()
    {
        var act = () => new ProgressLog(null).Write("step", "kms");
        act.Should().NotThrow();
    }
}
