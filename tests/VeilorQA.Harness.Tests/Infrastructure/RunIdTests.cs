using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Infrastructure;

public class RunIdTests
{
    [Test]
    public void A_resource_name_carries_the_run_id_and_parses_back()
    {
        var run = new RunId("abc123");
        var name = run.Name("refvm-copy1");
        name.Should().Be("veilorqa-abc123-refvm-copy1");
        RunId.TryParseFromName(name).Should().Be(run);
    }

    [Test]
    public void Names_of_other_tools_are_not_mistaken_for_runs()
    {
        RunId.TryParseFromName("debian12").Should().BeNull();
        RunId.TryParseFromName("veilorqa-UPPER-x").Should().BeNull();
    }

    [Test]
    public void Fresh_ids_differ_and_are_valid()
    {
        var a = RunId.New();
        var b = RunId.New();
        a.Should().NotBe(b);
        a.Value.Should().MatchRegex("^[0-9a-f]{16}$");
    }
}
