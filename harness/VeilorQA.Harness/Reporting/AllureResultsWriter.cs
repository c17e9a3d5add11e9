using System.Globalization;
using System.Text;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Reporting;

/// <summary>Writes an allure-results folder: results, containers, attachments and the run-wide files.</summary>
/// <remarks>
/// Every text that is written (names, messages, traces, parameter values, text attachments) first passes
/// through the redactor, so a secret echoed by the guest never reaches a report. Safe to call from many
/// threads: each result or attachment goes to its own file, written to a temporary name and moved into
/// place so a reader never sees half a file.
/// </remarks>
public sealed class AllureResultsWriter
{
    private readonly ResultRedaction _redaction;
    private readonly Redactor _redactor;
    private readonly Func<Guid> _newId;
    private readonly Lock _sharedFiles = new();

    public AllureResultsWriter(string directory, Redactor? redactor = null, Func<Guid>? newId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _redactor = redactor ?? Redactor.Global;
        _redaction = new ResultRedaction(_redactor);
        _newId = newId ?? Guid.NewGuid;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The results folder.</summary>
    public string Directory { get; }

    /// <summary>A writer for the folder named by VEILORQA_ALLURE_RESULTS (or ./allure-results).</summary>
    public static AllureResultsWriter FromEnvironment() => new(AllureResultsDirectory.Resolve());

    /// <summary>A fresh uuid for a result, container or attachment.</summary>
    public string NewUuid() => _newId().ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Writes <c>{uuid}-result.json</c>; returns its path.</summary>
    public string Write(TestResult result) =>
        WriteFile($"{result.Uuid}-result.json", Encoding.UTF8.GetBytes(AllureJson.Serialize(_redaction.Apply(result))));

    /// <summary>Writes <c>{uuid}-container.json</c>; returns its path.</summary>
    public string Write(TestResultContainer container) =>
        WriteFile($"{container.Uuid}-container.json", Encoding.UTF8.GetBytes(AllureJson.Serialize(_redaction.Apply(container))));

    /// <summary>Writes <c>{uuid}-attachment.{ext}</c> and returns the reference to put into a result or step.</summary>
    /// <remarks>Text types (text/*, JSON, XML) are decoded as UTF-8 and redacted before they are written.</remarks>
    public Attachment WriteAttachment(string name, ReadOnlySpan<byte> content, string mimeType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        var bytes = AttachmentTypes.IsText(mimeType)
            ? Encoding.UTF8.GetBytes(_redactor.Redact(Encoding.UTF8.GetString(content)))
            : content.ToArray();
        var source = $"{NewUuid()}-attachment.{AttachmentTypes.ExtensionOf(mimeType)}";
        WriteFile(source, bytes);
        return new Attachment(_redactor.Redact(name), source, mimeType);
    }

    /// <summary>Writes a text attachment (redacted).</summary>
    public Attachment WriteAttachment(string name, string text, string mimeType = AttachmentTypes.Text) =>
        WriteAttachment(name, Encoding.UTF8.GetBytes(text), mimeType);

    /// <summary>Writes <c>environment.properties</c> (keys sorted, values redacted), merging with what is there.</summary>
    /// <remarks>Several test assemblies may share one results folder; each adds its keys, later values win.</remarks>
    public void WriteEnvironment(IReadOnlyDictionary<string, string> properties)
    {
        lock (_sharedFiles)
        {
            var path = Path.Combine(Directory, "environment.properties");
            var merged = File.Exists(path) ? EnvironmentProperties.Parse(File.ReadAllText(path)) : new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in properties)
            {
                merged[key] = _redactor.Redact(value);
            }

            WriteFile("environment.properties", Encoding.UTF8.GetBytes(EnvironmentProperties.Format(merged)));
        }
    }

    /// <summary>Writes <c>executor.json</c>.</summary>
    public void WriteExecutor(ExecutorInfo executor)
    {
        lock (_sharedFiles)
        {
            WriteFile("executor.json", Encoding.UTF8.GetBytes(AllureJson.Serialize(executor)));
        }
    }

    /// <summary>Writes <c>categories.json</c> (default: <see cref="DefectCategories.All"/>).</summary>
    public void WriteCategories(IReadOnlyList<Category>? categories = null)
    {
        lock (_sharedFiles)
        {
            WriteFile("categories.json", Encoding.UTF8.GetBytes(AllureJson.Serialize(categories ?? DefectCategories.All)));
        }
    }

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        var temporary = Path.Combine(Directory, $".{name}.{NewUuid()}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
