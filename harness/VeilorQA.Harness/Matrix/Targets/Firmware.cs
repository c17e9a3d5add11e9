namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>VM firmware (<c>firmware:</c> uefi | bios).</summary>
public enum Firmware
{
    Uefi,
    Bios,
}
