using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>
/// How matrix records travel as JSON: exactly what their constructors take (derived values such as
/// <see cref="TargetEntry.Capabilities"/> are recomputed on the far side, never copied), abstract records tagged with the
/// concrete type, enums by name, <see cref="ValueList{T}"/> as arrays. Kept out of the records so the model carries no
/// serializer attributes and a new target kind or adapter needs no JSON change.
/// </summary>
internal static class MatrixJson
{
    private static readonly Assembly Model = typeof(TestMatrix).Assembly;

    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(), new ValueListJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ConstructorValuesOnly, TagConcreteTypes } },
    };

    private static bool IsModel(Type type) => type.Assembly == Model && type.Namespace?.StartsWith(typeof(TestMatrix).Namespace!, StringComparison.Ordinal) == true;

    private static void ConstructorValuesOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !IsModel(info.Type))
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.AssociatedParameter is null && property.Set is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private static void TagConcreteTypes(JsonTypeInfo info)
    {
        if (!info.Type.IsAbstract || !IsModel(info.Type))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var type in Model.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(info.Type)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
        }
    }
}
