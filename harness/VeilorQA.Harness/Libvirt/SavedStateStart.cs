namespace VeilorQA.Harness.Libvirt;

/// <summary>How a domain comes back from a saved state (libvirt's RUNNING / PAUSED save and restore flags).</summary>
public enum SavedStateStart
{
    /// <summary>In whatever state it was saved.</summary>
    AsSaved = 0,
    Running = 2,
    Paused = 4,
}
