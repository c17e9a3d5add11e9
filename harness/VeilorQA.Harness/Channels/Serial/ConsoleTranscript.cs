using System.Globalization;
using System.Text;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Channels.Serial;

/// <summary>A timestamped, redacted record of a console (<c>[+12.345s] line</c>), optionally appended to a file as lines complete.</summary>
/// <remarks>
/// Each line carries the time its first character arrived. A line is redacted when it completes, so a
/// secret the guest echoes character by character is still masked whole. The unfinished last line
/// (a prompt waiting for input) is shown too, and written to the file when an event such as input
/// interrupts it or the transcript is closed.
/// </remarks>
public sealed class ConsoleTranscript : IDisposable
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();
    private readonly Redactor _redactor;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly StreamWriter? _file;
    private readonly List<Secret> _typedSecrets = [];
    private TimeSpan _partialStartedAt;
    private bool _disposed;

    public ConsoleTranscript(Redactor redactor, TimeProvider timeProvider, string? filePath = null)
    {
        _redactor = redactor;
        _time = timeProvider;
        _start = timeProvider.GetTimestamp();
        if (filePath is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _file = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false))
            {
                AutoFlush = true,
            };
        }
    }

    /// <summary>Appends console output (already free of escape sequences and carriage returns).</summary>
    public void AppendOutput(string text)
    {
        lock (_gate)
        {
            foreach (var c in text)
            {
                if (_partial.Length == 0 && c != '\n')
                {
                    _partialStartedAt = Elapsed();
                }

                if (c == '\n')
                {
                    if (_partial.Length == 0)
                    {
                        _partialStartedAt = Elapsed();
                    }

                    CompletePartialLine();
                }
                else
                {
                    _partial.Append(c);
                }
            }
        }
    }

    /// <summary>Records something the harness did or saw (input sent, reconnect) on a line of its own.</summary>
    public void AppendEvent(string description)
    {
        lock (_gate)
        {
            if (_partial.Length > 0)
            {
                CompletePartialLine();
            }

            AddLine(Format(Elapsed(), _redactor.Redact(description)));
        }
    }

    /// <summary>Remembers a secret typed into the console, so an unfinished echo of it is masked too.</summary>
    /// <remarks>
    /// The redactor masks whole secrets only; a line cut short while the guest is still echoing a
    /// passphrase would otherwise show its first characters.
    /// </remarks>
    public void NoteSecretTyped(Secret secret)
    {
        lock (_gate)
        {
            _typedSecrets.Add(secret);
        }
    }

    /// <summary>The whole transcript, including the unfinished last line.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                var sb = new StringBuilder();
                foreach (var line in _lines)
                {
                    sb.Append(line).Append('\n');
                }

                if (_partial.Length > 0)
                {
                    sb.Append(PartialLine()).Append('\n');
                }

                return sb.ToString();
            }
        }
    }

    /// <summary>The last <paramref name="count"/> lines, including the unfinished one.</summary>
    public string Tail(int count)
    {
        lock (_gate)
        {
            var lines = new List<string>(count + 1);
            var hasPartial = _partial.Length > 0;
            var fromComplete = hasPartial ? count - 1 : count;
            lines.AddRange(_lines.Skip(Math.Max(0, _lines.Count - fromComplete)));
            if (hasPartial)
            {
                lines.Add(PartialLine());
            }

            return string.Join('\n', lines);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_partial.Length > 0)
            {
                CompletePartialLine();
            }

            _disposed = true;
            _file?.Dispose();
        }
    }

    private void CompletePartialLine()
    {
        AddLine(PartialLine());
        _partial.Clear();
    }

    private string PartialLine() => Format(_partialStartedAt, MaskUnfinishedEcho(_redactor.Redact(_partial.ToString())));

    private string MaskUnfinishedEcho(string text)
    {
        foreach (var secret in _typedSecrets)
        {
            var value = secret.Reveal();
            for (var length = Math.Min(value.Length - 1, text.Length); length >= 1; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(value.AsSpan(0, length)))
                {
                    return text[..^length] + Secret.Mask;
                }
            }
        }

        return text;
    }

    private void AddLine(string line)
    {
        _lines.Add(line);
        if (!_disposed)
        {
            _file?.WriteLine(line);
        }
    }

    private TimeSpan Elapsed() => _time.GetElapsedTime(_start);

    private static string Format(TimeSpan at, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"[+{at.TotalSeconds:0.000}s] {text}");
}
