namespace VeilorQA.Harness.Libvirt.Imaging;

/// <summary>An 8-bit RGB picture, rows top to bottom, 3 bytes per pixel.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"An image needs a positive size, got {width}x{height}.");
        }

        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B of each pixel, row by row.</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }
}
