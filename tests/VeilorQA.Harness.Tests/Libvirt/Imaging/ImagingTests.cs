using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Libvirt.Imaging;

namespace VeilorQA.Harness.Tests.Libvirt.Imaging;

[TestFixture]
public sealed class ImagingTests
{
    [Test]
    public void The_checksum_is_the_standard_crc32() =>
        Crc32.Compute(Encoding.ASCII.GetBytes("123456789")).Should().Be(0xCBF43926);

    [Test]
    public void A_pixmap_with_comments_and_odd_whitespace_decodes_pixel_for_pixel()
    {
        var header = Encoding.ASCII.GetBytes("P6\n# made by QEMU\n2 1\t255\n");
        byte[] file = [.. header, 255, 0, 0, 0, 128, 255];

        var image = PortablePixmap.Decode(file);

        image.Width.Should().Be(2);
        image.Height.Should().Be(1);
        image[0, 0].Should().Be(((byte)255, (byte)0, (byte)0));
        image[1, 0].Should().Be(((byte)0, (byte)128, (byte)255));
    }

    [Test]
    public void Sixteen_bit_samples_are_scaled_to_eight_bits()
    {
        byte[] file = [.. Encoding.ASCII.GetBytes("P6 1 1 65535\n"), 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00];

        PortablePixmap.Decode(file)[0, 0].Should().Be(((byte)255, (byte)128, (byte)0));
    }

    [Test]
    public void A_truncated_pixmap_says_how_many_bytes_it_lacks()
    {
        byte[] file = [.. Encoding.ASCII.GetBytes("P6 4 4 255\n"), 1, 2, 3];

        var act = () => PortablePixmap.Decode(file);

        act.Should().Throw<FormatException>().WithMessage("*needs 48 bytes*has 3*");
    }

    [Test]
    public void A_plain_ascii_pixmap_is_refused_by_its_magic()
    {
        var act = () => PortablePixmap.Decode(Encoding.ASCII.GetBytes("P3 1 1 255 0 0 0"));

        act.Should().Throw<FormatException>().WithMessage("*P6*");
    }

    [Test]
    public void An_encoded_png_has_valid_chunks_and_inflates_to_the_original_pixels()
    {
        var pixels = Enumerable.Range(0, 5 * 3 * 3).Select(i => (byte)(i * 7)).ToArray();
        var image = new RgbImage(5, 3, pixels);

        var png = PngEncoder.Encode(image);

        var chunks = ReadChunks(png);
        chunks.Select(c => c.Type).Should().Equal("IHDR", "IDAT", "IEND");
        BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data).Should().Be(5);
        BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4)).Should().Be(3);
        chunks[0].Data[8..10].Should().Equal(8, 2);
        Unfilter(Inflate(chunks[1].Data), 5 * 3).Should().Equal(pixels);
        png[^4..].Should().Equal(0xAE, 0x42, 0x60, 0x82); // the CRC every IEND chunk has
    }

    [Test]
    public void A_ppm_screenshot_becomes_png_and_a_png_screenshot_is_kept_as_is()
    {
        var image = new RgbImage(1, 1, [10, 20, 30]);
        var png = PngEncoder.Encode(image);

        ScreenshotPng.From(new LibvirtScreenshot("image/x-portable-pixmap", PortablePixmap.Encode(image))).Should().Equal(png);
        ScreenshotPng.From(new LibvirtScreenshot("image/png", png)).Should().BeSameAs(png);
        var unknown = () => ScreenshotPng.From(new LibvirtScreenshot("image/bmp", [1, 2]));
        unknown.Should().Throw<FormatException>().WithMessage("*image/bmp*");
    }

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        png[..8].Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = new List<(string, byte[])>();
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            crc.Should().Be(Crc32.Compute(png.AsSpan(at + 4, 4), data), $"chunk {type} carries its CRC");
            chunks.Add((type, data));
            at += 12 + length;
        }

        return chunks;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Unfilter(byte[] raw, int stride)
    {
        var rows = raw.Length / (stride + 1);
        var pixels = new List<byte>();
        for (var y = 0; y < rows; y++)
        {
            raw[y * (stride + 1)].Should().Be(0, "the encoder writes unfiltered rows");
            pixels.AddRange(raw.AsSpan((y * (stride + 1)) + 1, stride).ToArray());
        }

        return [.. pixels];
    }
}
