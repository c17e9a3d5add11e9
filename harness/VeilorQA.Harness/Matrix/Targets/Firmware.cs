namespace VeilorQA.Harness.Matrix;

/// <summary>VM firmware (<c>firmware:</c> uefi | bios).</summary>
public enum Firmware
{
    Uefi,
    Bios,
}
