using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Doctor;

/// <summary>Checks that a host program runs and reports its version.</summary>
/// <param name="name">What the doctor calls it.</param>
/// <param name="program">The command looked up on PATH.</param>
/// <param name="versionArguments">Arguments that make it print its version and exit 0.</param>
/// <param name="install">The distribution's install command for it (from <see cref="Distribution.HostDistribution.Install"/>).</param>
public sealed class ProgramCheck(string name, string program, string[] versionArguments, string install) : IPrerequisiteCheck
{
    public string Name { get; } = name;

    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var fix = $"{install}   (or run scripts/setup.sh)";
        if (!ExternalCommand.IsOnPath(program))
        {
            return CheckResult.Fail(Name, $"'{program}' not found on PATH", fix);
        }

        try
        {
            var result = await ExternalCommand.RunAsync(program, versionArguments, TimeSpan.FromSeconds(20), cancellationToken: cancellationToken);
            var text = (result.StandardOutput + result.StandardError).Trim();
            var first = text.Split('\n', 2)[0].Trim();
            return result.ExitCode == 0
                ? CheckResult.Ok(Name, first)
                : CheckResult.Fail(Name, $"'{program}' exited {result.ExitCode}: {first}", fix);
        }
        catch (Exception e) when (e is TimeoutException or ExternalCommandException)
        {
            return CheckResult.Fail(Name, e.Message, fix);
        }
    }
}
