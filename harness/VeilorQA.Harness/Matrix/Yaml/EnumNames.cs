namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>The spelling of an enum's values in TestMatrix.yml, used both to read and to write.</summary>
internal sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] _pairs;

    public EnumNames(params (T Value, string Name)[] pairs) => _pairs = pairs;

    /// <summary>Every member, spelled as its name in snake_case (<c>UsbHotplug</c> → <c>usb_hotplug</c>).</summary>
    public static EnumNames<T> SnakeCase() =>
        new(Enum.GetValues<T>().Select(v => (v, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()))).ToArray());

    /// <summary>E.g. <c>one of virtio, bochs, qxl</c>.</summary>
    public string Expected => "one of " + string.Join(", ", _pairs.Select(p => p.Name));

    public bool TryParse(string text, out T value)
    {
        foreach (var (candidate, name) in _pairs)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string NameOf(T value) =>
        _pairs.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Name;
}
