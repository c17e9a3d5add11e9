namespace VeilorQA.Harness.Install.Watch;

/// <summary>A command Anaconda ran (<c>Running... argv</c> in program.log), its output so far and its exit code once logged.</summary>
internal sealed class ProgramRun(string command)
{
    /// <summary>How many output lines are kept: the reason of a failure is near the end, so the newest are kept.</summary>
    private const int OutputKept = InstallWatcher.EvidenceLimit;

    private readonly Queue<string> _output = new();

    public string Command { get; } = command;

    public int? ExitCode { get; set; }

    public IReadOnlyList<string> Output => [.. _output];

    public void AddOutput(string line)
    {
        if (_output.Count == OutputKept)
        {
            _output.Dequeue();
        }

        _output.Enqueue(line);
    }
}
