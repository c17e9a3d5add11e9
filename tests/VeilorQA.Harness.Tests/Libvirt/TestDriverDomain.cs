using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>Domain XML for libvirt's in-process test driver (<c>test:///default</c>), named after this run.</summary>
internal static class TestDriverDomain
{
    internal const string Uri = "test:///default";

    internal static string UniqueName(string suffix) => RunId.Current.Name($"{suffix}-{Guid.NewGuid().ToString("N")[..6]}");

    internal static string Xml(string name) => $"""
        <domain type='test'>
          <name>{name}</name>
          <memory unit='MiB'>64</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
        </domain>
        """;
}
