using System.Diagnostics;
using System.Globalization;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.TinyGuest;

namespace VeilorQA.Harness.Bench;

/// <summary>
/// P5 of the bench: 1, 2 and 4 tiny guests started at once; the time until every one greets on SSH, and the
/// resident memory of each guest's QEMU process (read from <c>/proc</c> through libvirt's pid file) once all are up.
/// </summary>
public sealed class ScaleBench(Action<string> progress)
{
    /// <summary>The guest counts measured.</summary>
    public static readonly IReadOnlyList<int> Counts = [1, 2, 4];

    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(10);

    public async Task RunAsync(int repeat, BenchReport report, CancellationToken cancellationToken)
    {
        using var connection = LibvirtConnection.Open();
        foreach (var count in Counts)
        {
            var times = new List<double>();
            var memory = new List<double>();
            for (var i = 1; i <= repeat; i++)
            {
                var (seconds, rssMiB) = await BootTogetherAsync(connection, count, i, cancellationToken);
                times.Add(seconds);
                memory.AddRange(rssMiB);
                progress(string.Create(CultureInfo.InvariantCulture, $"bench P5 {count} guest(s), {i}/{repeat}: all ready after {seconds:0.0} s, QEMU RSS {string.Join(", ", rssMiB.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} MiB"));
            }

            report.Figures.Add(new BenchFigure("P5", $"{count} tiny guest(s) at once: start -> all SSH banners", "s", times));
            report.Figures.Add(new BenchFigure("P5", $"{count} tiny guest(s) at once: QEMU RSS per guest", "MiB", memory));
        }
    }

    private static async Task<(double Seconds, IReadOnlyList<double> RssMiB)> BootTogetherAsync(LibvirtConnection connection, int count, int round, CancellationToken cancellationToken)
    {
        var machines = new List<VirtualMachine>();
        try
        {
            for (var g = 1; g <= count; g++)
            {
                var (files, spec, _) = await TinyGuestDomain.PrepareAsync(RunId.Current, $"bench-scale{count}-{round}-{g}", withLogsShare: false, cancellationToken);
                machines.Add(VirtualMachine.Create(connection, spec, files));
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(machines.Select(m => m.PowerOnAsync(cancellationToken)));
            await Task.WhenAll(machines.Select(m => m.WaitForSshBannerAsync(Ready, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            return (seconds, machines.Select(m => ResidentMiB(m.Name)).ToList());
        }
        finally
        {
            foreach (var machine in machines)
            {
                await machine.DisposeAsync();
            }
        }
    }

    /// <summary>VmRSS of the domain's QEMU process in MiB (libvirt writes its pid to <c>/run/libvirt/qemu/NAME.pid</c>).</summary>
    public static double ResidentMiB(string domainName)
    {
        var pid = File.ReadAllText(Path.Combine("/run/libvirt/qemu", domainName + ".pid")).Trim();
        return ParseVmRssKiB(File.ReadAllText($"/proc/{pid}/status")) / 1024.0;
    }

    /// <summary>The <c>VmRSS:</c> line of a <c>/proc/PID/status</c> text, in KiB.</summary>
    /// <exception cref="FormatException">The text has no VmRSS line.</exception>
    public static long ParseVmRssKiB(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var value = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException("no VmRSS line in /proc/PID/status");
    }
}
