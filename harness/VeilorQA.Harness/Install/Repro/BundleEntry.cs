namespace VeilorQA.Harness.Install.Repro;

/// <summary>One artifact as bundle.json records it: its name inside the bundle (null when absent), how it got there, and where it came from.</summary>
/// <param name="Name">The file or folder name inside the bundle, or null when it is not there.</param>
/// <param name="Status">"copied", "masked copy", "hard link", "absent", "not kept" or "unreadable: reason".</param>
/// <param name="From">The path on the machine that ran the install, when there was one.</param>
internal sealed record BundleEntry(string? Name, string Status, string? From)
{
    public static BundleEntry Absent(string? from) => new(null, "absent", from);
}
