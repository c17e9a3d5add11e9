namespace VeilorQA.Harness.Libvirt;

/// <summary>Raw screen contents as libvirt returned them (QEMU gives <c>image/x-portable-pixmap</c>).</summary>
public sealed record LibvirtScreenshot(string MimeType, byte[] Data);
