using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>What <c>dotnet test</c>'s .trx says about the run as a whole: its counters and the run-level messages (an aborted
/// run, a crashed test host) that no single test result carries.</summary>
public sealed record TrxSummary(string Outcome, int Total, int Executed, int Passed, int Failed, int Errors, int Timeouts, int Aborted, IReadOnlyList<string> RunMessages)
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Tests that did not pass for a reason of their own (failed, error, timeout, aborted).</summary>
    public int NotPassed => Failed + Errors + Timeouts + Aborted;

    /// <summary>Whether the run-level messages say the run was cut short (test host crashed, run aborted or cancelled).</summary>
    public bool RunAborted => RunMessages.Any(m =>
        m.Contains("aborted", StringComparison.OrdinalIgnoreCase) || m.Contains("crashed", StringComparison.OrdinalIgnoreCase)
        || m.Contains("canceled", StringComparison.OrdinalIgnoreCase) || m.Contains("cancelled", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a .trx document.</summary>
    /// <exception cref="InvalidDataException">Not a .trx (no ResultSummary); <paramref name="source"/> names it.</exception>
    public static TrxSummary Parse(string xml, string source)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{source}: not XML: {e.Message}", e);
        }

        var summary = document.Root?.Element(Ns + "ResultSummary") ?? throw new InvalidDataException($"{source}: no ResultSummary: not a .trx file");
        var counters = summary.Element(Ns + "Counters");
        int Count(string name) => int.TryParse((string?)counters?.Attribute(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var messages = summary.Elements(Ns + "RunInfos").Elements(Ns + "RunInfo")
            .Where(r => (string?)r.Attribute("outcome") is "Error" or "Failed" or "Aborted")
            .Select(r => (r.Element(Ns + "Text")?.Value ?? string.Empty).Trim())
            .Where(t => t.Length > 0)
            .ToList();
        return new TrxSummary(
            (string?)summary.Attribute("outcome") ?? "?", Count("total"), Count("executed"), Count("passed"), Count("failed"), Count("error"),
            Count("timeout"), Count("aborted"), messages);
    }
}
