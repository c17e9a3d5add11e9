namespace VeilorQA.Harness.Matrix;

/// <summary>VM video device (<c>video:</c> virtio | bochs | qxl); each has its own KMS driver.</summary>
public enum VideoModel
{
    Virtio,
    Bochs,
    Qxl,
}
