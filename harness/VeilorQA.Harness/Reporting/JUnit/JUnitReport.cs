using System.Globalization;
using System.Xml.Linq;
using VeilorQA.Harness.Gate;

namespace VeilorQA.Harness.Reporting.JUnit;

/// <summary>
/// The gate's verdicts as JUnit XML (one testsuite per matrix run, one testcase per case), for CI systems and tools
/// that read JUnit. A case is the unit, not a raw test, because a fault proof's tests are expected to fail: the raw
/// failures would read as defects. Flaky cases pass with a <c>flakyFailure</c> (the Maven Surefire extension most
/// JUnit readers understand), quarantined and not-run cases are <c>skipped</c> with the reason, blocking ones fail.
/// </summary>
public static class JUnitReport
{
    public static XDocument Of(ReleaseDecision decision, string name)
    {
        var suites = decision.Cases.GroupBy(c => c.Run).Select(run => Suite(run.Key, run.ToList())).ToList();
        return new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement("testsuites",
                new XAttribute("name", name),
                new XAttribute("tests", decision.Cases.Count),
                new XAttribute("failures", decision.Cases.Count(c => c.Blocks)),
                new XAttribute("errors", 0),
                new XAttribute("skipped", decision.Cases.Count(c => c.Kind is DecisionKind.Quarantined or DecisionKind.NotRun)),
                new XAttribute("time", Seconds(decision.Cases.Sum(c => c.WallTime?.TotalSeconds ?? 0))),
                suites));
    }

    public static void Write(ReleaseDecision decision, string name, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Of(decision, name).Save(path);
    }

    private static XElement Suite(string run, IReadOnlyList<CaseDecision> cases) =>
        new("testsuite",
            new XAttribute("name", run),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Blocks)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", cases.Count(c => c.Kind is DecisionKind.Quarantined or DecisionKind.NotRun)),
            new XAttribute("time", Seconds(cases.Sum(c => c.WallTime?.TotalSeconds ?? 0))),
            cases.Select(Case));

    private static XElement Case(CaseDecision c) =>
        new("testcase",
            new XAttribute("classname", $"{c.Run}.{c.Target}"),
            new XAttribute("name", c.Suite),
            new XAttribute("time", Seconds(c.WallTime?.TotalSeconds ?? 0)),
            c.Kind switch
            {
                DecisionKind.Failed => new XElement("failure", new XAttribute("message", FirstLine(c.Reason)), new XAttribute("type", c.RetryOutcome ?? c.FirstOutcome ?? "NoVerdict"), c.Reason),
                DecisionKind.Quarantined or DecisionKind.NotRun => new XElement("skipped", new XAttribute("message", FirstLine(c.Reason))),
                DecisionKind.Flaky => new XElement("flakyFailure", new XAttribute("message", FirstLine(c.Reason)), new XAttribute("type", c.FirstOutcome ?? "NotMet")),
                _ => null,
            },
            new XElement("system-out", c.Line()));

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 500 ? line : line[..500] + "…";
    }
}
