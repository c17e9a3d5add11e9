namespace VeilorQA.Harness.Channels.Keyboard;

/// <summary>A physical key: its QEMU qcode name (HMP/QMP send-key), its Linux input keycode and the kernel's <c>KEY_*</c> name.</summary>
/// <param name="Name">QEMU qcode, e.g. <c>ret</c>, <c>bracket_left</c>, <c>shift</c>.</param>
/// <param name="LinuxCode">Linux input event code (libvirt send-key with <c>VIR_KEYCODE_SET_LINUX</c>).</param>
/// <param name="LinuxName">Name in <c>linux/input-event-codes.h</c> (<c>virsh send-key --codeset linux</c>).</param>
/// <param name="IsModifier">Held while the other keys of a combo are pressed.</param>
public sealed record Key(string Name, uint LinuxCode, string LinuxName, bool IsModifier = false)
{
    public override string ToString() => Name;
}
