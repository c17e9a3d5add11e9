using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>Run containers in the Docker (or podman's Docker-compatible) engine, through the <c>docker</c> CLI.</summary>
/// <remarks>
/// Containers are found by the label <see cref="RunLabel"/>, not by name, so a container renamed by
/// hand or made by another tool with a look-alike name is judged by the run it was labelled with. A
/// machine without an engine (no <c>docker</c> on PATH, or no socket where the CLI looks) has no
/// containers: the reaper must keep working on libvirt-only hosts.
/// </remarks>
public sealed class DockerRunContainers : IRunContainers
{
    /// <summary>The label every harness container carries; its value is the run id.</summary>
    public const string RunLabel = "org.veilorqa.run-id";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>True when a <c>docker</c> CLI and an engine endpoint exist.</summary>
    public static bool Available =>
        ExternalCommand.IsOnPath("docker")
        && (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists(ContainerEngineCheck.DefaultSocket));

    public IReadOnlyList<RunContainer> List()
    {
        if (!Available)
        {
            return [];
        }

        var format = "{{.ID}}\t{{.Names}}\t{{.Label \"" + RunLabel + "\"}}";
        var output = Run(["ps", "--all", "--no-trunc", "--filter", "label=" + RunLabel, "--format", format]);
        return Parse(output);
    }

    public void Remove(string id) => Run(["rm", "--force", "--volumes", id]);

    /// <summary>Parses <c>docker ps</c> lines of ID, name and label value separated by tabs.</summary>
    internal static IReadOnlyList<RunContainer> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 3 && f[0].Length > 0)
            .Select(f => new RunContainer(f[0], f[1], f[2]))
            .ToList();

    private static string Run(IReadOnlyList<string> arguments)
    {
        try
        {
            // The reaper is synchronous (libvirt's API is); a CLI call of a second or two is fine to block on.
            return ExternalCommand.RunCheckedAsync("docker", arguments, Timeout).GetAwaiter().GetResult();
        }
        catch (ExternalCommandException e)
        {
            throw new IOException($"docker {arguments[0]}: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
