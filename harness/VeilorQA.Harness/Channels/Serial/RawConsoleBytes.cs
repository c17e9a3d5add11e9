namespace VeilorQA.Harness.Channels.Serial;

/// <summary>
/// The bytes a console received, exactly as they came (no decoding, no escape filtering, no redaction), kept in memory
/// only and never written anywhere: the one place a leaked secret can still be found after the transcript masked it.
/// </summary>
/// <remarks>Bounded: past <see cref="Capacity"/> the oldest quarter is dropped; offsets keep counting from the first byte ever received.</remarks>
internal sealed class RawConsoleBytes(int capacity)
{
    private readonly Lock _gate = new();
    private byte[] _buffer = new byte[Math.Min(capacity, 64 * 1024)];
    private int _length;
    private long _dropped;

    /// <summary>The most bytes kept.</summary>
    public int Capacity { get; } = capacity;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (bytes.Length >= Capacity)
            {
                _dropped += _length + bytes.Length - Capacity;
                bytes = bytes[^Capacity..];
                _length = 0;
            }
            else if (_length + bytes.Length > Capacity)
            {
                // Drop the oldest quarter (at least), so a full buffer is not moved on every read.
                var keep = Math.Clamp((Capacity * 3 / 4) - bytes.Length, 0, _length);
                var drop = _length - keep;
                Array.Copy(_buffer, drop, _buffer, 0, keep);
                _dropped += drop;
                _length = keep;
            }

            if (_length + bytes.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(Capacity, Math.Max(_buffer.Length * 2, _length + bytes.Length)));
            }

            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }
    }

    /// <summary>The offset (since the first byte received) of the first occurrence of <paramref name="needle"/>, or null.</summary>
    public long? Find(ReadOnlySpan<byte> needle)
    {
        if (needle.IsEmpty)
        {
            return null;
        }

        lock (_gate)
        {
            var index = _buffer.AsSpan(0, _length).IndexOf(needle);
            return index < 0 ? null : _dropped + index;
        }
    }
}
