using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>faults:</c>: each fault names the suite it must break and the symptom it shows.</summary>
internal static class FaultsSection
{
    public static IReadOnlyList<Fault> Read(MatrixReadContext context, NamedEntry section)
    {
        var faults = new List<Fault>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "fault", allowEmpty: true))
        {
            var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["breaks", "symptom", "expect"]);
            var breaks = map.RequiredString("breaks", "the name of the suite this fault must make fail");
            var symptom = map.RequiredString("symptom", "a description of what the fault looks like");
            var expect = map.RequiredString("expect", "a regular expression only the fault's own failure message matches");
            if (FaultExpectation.Problem(expect) is { } problem)
            {
                throw context.Error(map.ValuePosition("expect"), map.PathOf("expect"), "a regular expression only the fault's own failure message matches", $"'{expect}': {problem}");
            }

            var at = map.ValuePosition("breaks");
            context.Later(at, () => context.Defined(context.Suites, breaks, "suite", "suites", at, map.PathOf("breaks")));
            var fault = new Fault(entry.Name, breaks, symptom, expect);
            context.Faults.Add(entry.Name, fault);
            faults.Add(fault);
        }

        return faults;
    }
}
