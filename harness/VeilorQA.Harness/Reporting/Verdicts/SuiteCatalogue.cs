using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// Which tests each release suite has, read from the built release assembly's metadata — the fixtures marked
/// <c>[ReleaseSuite("name")]</c> and their <c>[Test]</c> methods — without loading or running it. The judge holds every
/// case's results against this list, so a test that never reported (a crashed test host, a filter that missed it) leaves
/// its case unproven instead of silently counting as not failed.
/// </summary>
public sealed class SuiteCatalogue
{
    private const string ReleaseSuiteAttribute = "VeilorQA.Fixtures.Targets.ReleaseSuiteAttribute";

    private static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal)
    {
        "NUnit.Framework.TestAttribute", "NUnit.Framework.TestCaseAttribute", "NUnit.Framework.TestCaseSourceAttribute", "NUnit.Framework.TheoryAttribute",
    };

    private readonly IReadOnlyDictionary<string, IReadOnlyList<CataloguedTest>> _suites;

    public SuiteCatalogue(string assemblyPath, IReadOnlyDictionary<string, IReadOnlyList<CataloguedTest>> suites)
    {
        AssemblyPath = assemblyPath;
        this._suites = suites;
    }

    /// <summary>The assembly it was read from.</summary>
    public string AssemblyPath { get; }

    /// <summary>The suite names the assembly has fixtures for.</summary>
    public IReadOnlyCollection<string> Suites => _suites.Keys.ToList();

    public bool Has(string suite) => _suites.ContainsKey(suite);

    /// <summary>The tests of <paramref name="suite"/>, in declaration order; empty when the assembly has no such suite.</summary>
    public IReadOnlyList<CataloguedTest> TestsOf(string suite) => _suites.TryGetValue(suite, out var tests) ? tests : [];

    /// <summary>Reads the catalogue of the release assembly at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a .NET assembly; the message names it.</exception>
    public static SuiteCatalogue Read(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new InvalidDataException($"{assemblyPath}: not a .NET assembly (no metadata)");
            }

            return new SuiteCatalogue(assemblyPath, ReadSuites(pe.GetMetadataReader()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            throw new InvalidDataException($"release suites {assemblyPath}: {e.Message}", e);
        }
    }

    private static Dictionary<string, IReadOnlyList<CataloguedTest>> ReadSuites(MetadataReader metadata)
    {
        var found = new Dictionary<string, IReadOnlyList<CataloguedTest>>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (type.GetDeclaringType() is { IsNil: false } || (type.Attributes & System.Reflection.TypeAttributes.Abstract) != 0)
            {
                continue;
            }

            var suite = type.GetCustomAttributes()
                .Select(a => metadata.GetCustomAttribute(a))
                .Where(a => AttributeTypeName(metadata, a) == ReleaseSuiteAttribute)
                .Select(a => a.DecodeValue(NameProvider.Instance).FixedArguments.FirstOrDefault().Value as string)
                .FirstOrDefault();
            if (suite is null)
            {
                continue;
            }

            var className = Join(metadata.GetString(type.Namespace), metadata.GetString(type.Name));
            var tests = type.GetMethods()
                .Select(m => metadata.GetMethodDefinition(m))
                .Where(m => m.GetCustomAttributes().Any(a => TestAttributes.Contains(AttributeTypeName(metadata, metadata.GetCustomAttribute(a)))))
                .Select(m => metadata.GetString(m.Name))
                .Select(name => new CataloguedTest(suite, $"{className}.{name}", name))
                .ToList();
            found[suite] = tests;
        }

        return found;
    }

    private static string AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        var parent = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return parent.Kind switch
        {
            HandleKind.TypeReference => metadata.GetTypeReference((TypeReferenceHandle)parent) is var r ? Join(metadata.GetString(r.Namespace), metadata.GetString(r.Name)) : string.Empty,
            HandleKind.TypeDefinition => metadata.GetTypeDefinition((TypeDefinitionHandle)parent) is var d ? Join(metadata.GetString(d.Namespace), metadata.GetString(d.Name)) : string.Empty,
            _ => string.Empty,
        };
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

    /// <summary>Just enough of a type provider to decode an attribute whose arguments are strings.</summary>
    private sealed class NameProvider : ICustomAttributeTypeProvider<string>
    {
        public static readonly NameProvider Instance = new();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeReference(handle).Name);

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
