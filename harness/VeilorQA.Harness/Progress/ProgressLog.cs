using System.Text.Json;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Progress;

/// <summary>
/// Appends progress events as JSON lines to the file named by VEILORQA_PROGRESS, which
/// <c>veilorqa run</c> tails to show suite, step and elapsed time while the test process works.
/// </summary>
public sealed class ProgressLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string? _path;
    private readonly Lock _gate = new();

    public ProgressLog(string? path) => _path = string.IsNullOrEmpty(path) ? null : path;

    /// <summary>The log of this process (a no-op sink when VEILORQA_PROGRESS is unset).</summary>
    public static ProgressLog Current { get; } = new(Environment.GetEnvironmentVariable("VEILORQA_PROGRESS"));

    public void Write(string kind, string suite, string? test = null, string? step = null, string? status = null, string? message = null)
    {
        if (_path is null)
        {
            return;
        }

        var line = JsonSerializer.Serialize(
            new ProgressEvent(DateTimeOffset.UtcNow, kind, suite, test, step, status, message is null ? null : Redactor.Global.Redact(message)), Json);
        lock (_gate)
        {
            File.AppendAllText(_path, line + "\n");
        }
    }

    /// <summary>Reads the complete lines appended after <paramref name="offset"/>; returns the new offset.</summary>
    public static (IReadOnlyList<ProgressEvent> Events, long Offset) ReadFrom(string path, long offset)
    {
        if (!File.Exists(path))
        {
            return ([], offset);
        }

        byte[] tail;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            tail = buffer.ToArray();
        }

        // A line still being written has no newline yet: leave it for the next read.
        var end = Array.LastIndexOf(tail, (byte)'\n');
        if (end < 0)
        {
            return ([], offset);
        }

        var events = System.Text.Encoding.UTF8.GetString(tail, 0, end)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<ProgressEvent>(line, Json))
            .OfType<ProgressEvent>()
            .ToList();
        return (events, offset + end + 1);
    }
}
