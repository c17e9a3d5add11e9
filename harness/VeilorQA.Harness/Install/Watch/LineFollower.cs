using System.Text;

namespace VeilorQA.Harness.Install.Watch;

/// <summary>
/// Follows a growing text file (libvirt writes the virtio log channel and the serial console to files): each
/// <see cref="ReadNewLines"/> returns the complete lines appended since the last call.
/// </summary>
/// <remarks>
/// A last line without its newline is held back until it is complete (or until <see cref="Flush"/> at the end). Lines are
/// split on bytes before decoding, so a UTF-8 character split between two writes is decoded whole, and invalid UTF-8
/// becomes U+FFFD instead of an exception. A file that does not exist yet reads as empty; a file that shrank (libvirt
/// recreated it for a new domain start) is read again from its start. A line longer than <see cref="MaxLineBytes"/> is
/// cut there, so a stream without newlines cannot grow without bound.
/// </remarks>
public sealed class LineFollower
{
    /// <summary>The longest line returned whole; longer ones come in pieces of this many bytes.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Lock _gate = new();
    private readonly List<byte> _partial = [];
    private long _offset;

    public LineFollower(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The followed file.</summary>
    public string Path { get; }

    /// <summary>The complete lines appended since the last call, without their line ends (<c>\n</c> or <c>\r\n</c>).</summary>
    public IReadOnlyList<string> ReadNewLines()
    {
        lock (_gate)
        {
            List<string> lines = [];
            FileStream stream;
            try
            {
                stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.None);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return lines;
            }

            using (stream)
            {
                if (stream.Length < _offset)
                {
                    _offset = 0;
                    _partial.Clear();
                }

                stream.Position = _offset;
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _offset += read;
                    Split(buffer.AsSpan(0, read), lines);
                }
            }

            return lines;
        }
    }

    /// <summary>The held-back last line (the file ended without a newline), once; null when there is none.</summary>
    public string? Flush()
    {
        lock (_gate)
        {
            if (_partial.Count == 0)
            {
                return null;
            }

            var line = Decode();
            return line;
        }
    }

    private void Split(ReadOnlySpan<byte> chunk, List<string> lines)
    {
        foreach (var b in chunk)
        {
            if (b == (byte)'\n')
            {
                lines.Add(Decode());
                continue;
            }

            _partial.Add(b);
            if (_partial.Count >= MaxLineBytes)
            {
                lines.Add(Decode());
            }
        }
    }

    private string Decode()
    {
        var count = _partial.Count > 0 && _partial[^1] == (byte)'\r' ? _partial.Count - 1 : _partial.Count;
        var text = Utf8.GetString([.. _partial.Take(count)]);
        _partial.Clear();
        return text;
    }
}
