namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>A container that carries a run id label.</summary>
public sealed record RunContainer(string Id, string Name, string RunId);

/// <summary>The containers of harness runs, as the reaper sees them (a container engine, or a fake in tests).</summary>
public interface IRunContainers
{
    /// <summary>Every container, running or not, that carries the run label.</summary>
    IReadOnlyList<RunContainer> List();

    /// <summary>Stops and removes a container with its anonymous volumes.</summary>
    void Remove(string id);
}
