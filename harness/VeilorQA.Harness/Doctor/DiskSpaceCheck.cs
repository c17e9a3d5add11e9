namespace VeilorQA.Harness.Doctor;

/// <summary>Checks free space where images, overlays and saved VMs go.</summary>
public sealed class DiskSpaceCheck(string path, long minimumFreeBytes) : IPrerequisiteCheck
{
    public string Name => "free disk";

    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var existing = path;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var drive = new DriveInfo(existing);
        var free = drive.AvailableFreeSpace;
        var detail = $"{free / (1L << 30)} GiB free at {existing} (need {minimumFreeBytes / (1L << 30)} GiB)";
        return Task.FromResult(free >= minimumFreeBytes
            ? CheckResult.Ok(Name, detail)
            : CheckResult.Fail(Name, detail, $"free space on {drive.Name} or set VEILORQA_CACHE/VEILORQA_STATE to a larger disk"));
    }
}
