namespace VeilorQA.Harness.Reporting;

/// <summary>MIME types of attachments, their file extensions, and which ones are text (and so redacted).</summary>
public static class AttachmentTypes
{
    public const string Text = "text/plain";
    public const string Png = "image/png";
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string Xml = "application/xml";
    public const string Html = "text/html";
    public const string Ppm = "image/x-portable-pixmap";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [Text] = "txt",
        [Png] = "png",
        [Csv] = "csv",
        [Json] = "json",
        [Xml] = "xml",
        ["text/xml"] = "xml",
        [Html] = "html",
        [Ppm] = "ppm",
        ["image/jpeg"] = "jpg",
        ["image/svg+xml"] = "svg",
        ["text/uri-list"] = "uri",
        ["application/x-yaml"] = "yaml",
    };

    /// <summary>The file extension for a MIME type (<c>bin</c> when unknown).</summary>
    public static string ExtensionOf(string mimeType) => Extensions.GetValueOrDefault(mimeType, "bin");

    /// <summary>True for types whose bytes are UTF-8 text that may echo a secret.</summary>
    public static bool IsText(string mimeType) =>
        mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mimeType is Json or Xml or "application/x-yaml"
        || mimeType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mimeType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
