namespace VeilorQA.Harness.Machines.Domain;

/// <summary>The emulated display adapter; each maps to a different guest KMS driver (virtio_gpu, bochs-drm, qxl).</summary>
public enum VideoModel
{
    /// <summary>virtio-vga; guest driver virtio_gpu. Hangs after S3 resume under TCG: use Bochs for suspend runs.</summary>
    Virtio,

    /// <summary>Bochs/std VGA; guest driver bochs-drm. Survives S3 resume.</summary>
    Bochs,

    /// <summary>QXL; guest driver qxl.</summary>
    Qxl,

    /// <summary>No display adapter at all (serial-only guests).</summary>
    None,
}
