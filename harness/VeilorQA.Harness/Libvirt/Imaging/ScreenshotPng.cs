namespace VeilorQA.Harness.Libvirt.Imaging;

/// <summary>Turns what libvirt's screenshot returned (PNG or PPM) into PNG bytes.</summary>
public static class ScreenshotPng
{
    /// <exception cref="FormatException">The MIME type is neither PNG nor PPM, or the bytes do not match it.</exception>
    public static byte[] From(LibvirtScreenshot screenshot)
    {
        switch (screenshot.MimeType)
        {
            case PngEncoder.MimeType when PngEncoder.IsPng(screenshot.Data):
                return screenshot.Data;
            case PortablePixmap.MimeType:
                return PngEncoder.Encode(PortablePixmap.Decode(screenshot.Data));
            default:
                throw new FormatException($"Cannot turn a {screenshot.MimeType} screenshot of {screenshot.Data.Length} bytes into PNG.");
        }
    }
}
