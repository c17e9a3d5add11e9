namespace VeilorQA.Harness.Libvirt.Imaging;

/// <summary>Decodes binary PPM (<c>P6</c>), the format QEMU's screendump writes.</summary>
public static class PortablePixmap
{
    public const string MimeType = "image/x-portable-pixmap";

    /// <summary>Decodes a P6 file; 16-bit samples are scaled to 8 bits.</summary>
    /// <exception cref="FormatException">Not a P6 pixmap, or truncated; says which.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (data.Length < 2 || data[0] != 'P' || data[1] != '6')
        {
            throw new FormatException("Not a binary PPM: it does not start with 'P6'.");
        }

        position = 2;
        var width = ReadHeaderNumber(data, ref position, "width");
        var height = ReadHeaderNumber(data, ref position, "height");
        var maxValue = ReadHeaderNumber(data, ref position, "maximum value");
        if (maxValue is < 1 or > 65535)
        {
            throw new FormatException($"PPM maximum value {maxValue} is outside 1..65535.");
        }

        // Exactly one whitespace byte separates the header from the samples.
        position++;
        var bytesPerSample = maxValue < 256 ? 1 : 2;
        var needed = (long)width * height * 3 * bytesPerSample;
        if (data.Length - position < needed)
        {
            throw new FormatException($"PPM {width}x{height} needs {needed} bytes of samples, the file has {Math.Max(0, data.Length - position)}.");
        }

        var pixels = new byte[width * height * 3];
        var samples = data.Slice(position);
        for (var i = 0; i < pixels.Length; i++)
        {
            var value = bytesPerSample == 1 ? samples[i] : (samples[2 * i] << 8) | samples[(2 * i) + 1];
            pixels[i] = maxValue == 255 ? (byte)value : (byte)((value * 255 + (maxValue / 2)) / maxValue);
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>Encodes a P6 file with maximum value 255.</summary>
    public static byte[] Encode(RgbImage image)
    {
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n");
        return [.. header, .. image.Pixels];
    }

    private static int ReadHeaderNumber(ReadOnlySpan<byte> data, ref int position, string what)
    {
        while (position < data.Length && (IsSpace(data[position]) || data[position] == '#'))
        {
            if (data[position] == '#')
            {
                while (position < data.Length && data[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        var start = position;
        long value = 0;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (data[position] - '0');
            if (value > 1_000_000)
            {
                throw new FormatException($"PPM {what} is implausibly large.");
            }

            position++;
        }

        if (position == start || value == 0)
        {
            throw new FormatException($"PPM header has no valid {what} at byte {start}.");
        }

        return (int)value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0b or 0x0c;
}
