using System.Xml.Linq;

namespace VeilorQA.Harness.Libvirt;

/// <summary>Reads the <c>&lt;name&gt;</c> of a domain XML document.</summary>
internal static class DomainXmlName
{
    internal static string Read(string domainXml) =>
        XDocument.Parse(domainXml).Root?.Element("name")?.Value
        ?? throw new ArgumentException("Domain XML has no <name> element.", nameof(domainXml));
}
