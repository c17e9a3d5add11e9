using System.CommandLine;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines.Reaping;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa reap</c>: removes domains, registry containers and files of crashed runs (never a live run's).</summary>
internal static class ReapCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be removed, remove nothing." };
        var uri = new Option<string?>("--connect", "-c") { Description = $"libvirt URI (default: ${LibvirtOptions.UriVariable} or {LibvirtOptions.DefaultUri})." };
        var command = new Command("reap", "Remove VMs, disks, NVRAM/TPM state, registry containers and temp files left by veilorqa runs whose process is gone.")
        {
            dryRun,
            uri,
        };

        command.SetAction(parse =>
        {
            var options = LibvirtOptions.FromEnvironment();
            if (parse.GetValue(uri) is { Length: > 0 } given)
            {
                options = options with { Uri = given };
            }

            try
            {
                using var connection = LibvirtConnection.Open(options);
                var report = new Reaper(connection, new ReaperOptions { DryRun = parse.GetValue(dryRun) }).Reap();
                Console.WriteLine(report);
                return report.Failures.Count == 0 ? 0 : 1;
            }
            catch (LibvirtException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
