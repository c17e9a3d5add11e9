using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;

namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>Removes what crashed runs left behind: <c>veilorqa-&lt;runid&gt;-*</c> domains, run-labelled containers and files whose run's owner process is gone.</summary>
/// <remarks>
/// A run is reaped only when <see cref="RunLiveness"/> says so (its owner process is gone, or it never
/// claimed and is older than the grace period), so a live run's VMs are never touched: every run claims
/// its owner file before it creates anything.
/// </remarks>
public sealed class Reaper(LibvirtConnection connection, ReaperOptions? options = null)
{
    private const UndefineFlags RemoveEverything = UndefineFlags.Nvram | UndefineFlags.ManagedSave | UndefineFlags.SnapshotsMetadata | UndefineFlags.Tpm;

    private readonly ReaperOptions _options = options ?? new ReaperOptions();

    public ReapReport Reap()
    {
        var orphaned = new SortedSet<string>(StringComparer.Ordinal);
        var live = new SortedSet<string>(StringComparer.Ordinal);
        var removedDomains = new List<string>();
        var removedPaths = new List<string>();
        var removedContainers = new List<string>();
        var failures = new List<string>();

        bool ShouldReap(string name)
        {
            if (RunId.TryParseFromName(name) is not { } run || !_options.Considers(run.Value))
            {
                return false;
            }

            if (orphaned.Contains(run.Value))
            {
                return true;
            }

            if (live.Contains(run.Value))
            {
                return false;
            }

            var isOrphaned = _options.IsOrphaned(run.Value);
            (isOrphaned ? orphaned : live).Add(run.Value);
            return isOrphaned;
        }

        foreach (var domain in connection.ListAll())
        {
            using (domain)
            {
                if (!ShouldReap(domain.Name))
                {
                    continue;
                }

                try
                {
                    if (!_options.DryRun)
                    {
                        RemoveDomain(domain);
                    }

                    removedDomains.Add(domain.Name);
                }
                catch (LibvirtException e)
                {
                    failures.Add($"{domain.Name}: {e.Message}");
                }
            }
        }

        // Containers (the local registry) are judged by their run label, the same liveness rule as domains.
        if (_options.Containers is { } containers)
        {
            try
            {
                foreach (var container in containers.List())
                {
                    if (!ShouldReap(RunId.Prefix + container.RunId))
                    {
                        continue;
                    }

                    var label = $"{container.Name} ({container.Id[..Math.Min(12, container.Id.Length)]})";
                    try
                    {
                        if (!_options.DryRun)
                        {
                            containers.Remove(container.Id);
                        }

                        removedContainers.Add(label);
                    }
                    catch (IOException e)
                    {
                        failures.Add($"{RunId.Prefix}{container.RunId} container {label}: {e.Message}");
                    }
                }
            }
            catch (IOException e)
            {
                failures.Add($"containers: {e.Message}");
            }
        }

        foreach (var folder in _options.Folders.Where(Directory.Exists))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, RunId.Prefix + "*"))
            {
                if (!ShouldReap(Path.GetFileName(entry)))
                {
                    continue;
                }

                try
                {
                    if (!_options.DryRun)
                    {
                        RemovePath(entry);
                    }

                    removedPaths.Add(entry);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failures.Add($"{entry}: {e.Message}");
                }
            }
        }

        // Owner files of dead runs that left nothing else behind go too, or they pile up.
        if (Directory.Exists(_options.RunsFolder))
        {
            foreach (var ownerFile in Directory.EnumerateFiles(_options.RunsFolder, "*.json"))
            {
                ShouldReap(RunId.Prefix + Path.GetFileNameWithoutExtension(ownerFile));
            }
        }

        if (!_options.DryRun)
        {
            foreach (var run in orphaned.Where(r => !failures.Any(f => f.Contains(RunId.Prefix + r, StringComparison.Ordinal))))
            {
                var ownerFile = Path.Combine(_options.RunsFolder, run + ".json");
                if (File.Exists(ownerFile))
                {
                    File.Delete(ownerFile);
                }
            }
        }

        return new ReapReport([.. orphaned], [.. live], removedDomains, removedPaths, failures, _options.DryRun) { RemovedContainers = removedContainers };
    }

    private static void RemoveDomain(LibvirtDomain domain)
    {
        var persistent = domain.IsPersistent;
        if (domain.IsActive)
        {
            domain.Destroy();
        }

        if (persistent)
        {
            domain.Undefine(RemoveEverything);
        }
    }

    private static void RemovePath(string path)
    {
        if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
