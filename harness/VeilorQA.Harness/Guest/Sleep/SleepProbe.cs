using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>Sleep support in <c>/sys/power</c> and the suspend/resume markers in the journal since a cursor.</summary>
public sealed class SleepProbe(IShell shell)
{
    /// <summary>mem_sleep is absent on kernels without suspend-to-RAM; the line then stays empty.</summary>
    public const string ReadPowerState =
        "printf 'state=%s\\nmem_sleep=%s\\n' \"$(cat /sys/power/state)\" \"$(cat /sys/power/mem_sleep 2>/dev/null)\"";

    private readonly JournalProbe _journal = new(shell);

    public async Task<SleepSupport> ReadSupportAsync(CancellationToken cancellationToken = default) =>
        SleepSupport.Parse(await shell.OutputOfAsync(ReadPowerState, cancellationToken));

    /// <summary>Take before suspending; pass to <see cref="MarkersSinceAsync"/> after waking.</summary>
    public Task<string> MarkCursorAsync(CancellationToken cancellationToken = default) => _journal.CurrentCursorAsync(cancellationToken);

    public async Task<SuspendResumeMarkers> MarkersSinceAsync(string cursor, CancellationToken cancellationToken = default) =>
        SuspendResumeMarkers.From(await _journal.ReadAfterCursorAsync(cursor, cancellationToken));
}
