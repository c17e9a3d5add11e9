namespace VeilorQA.Harness.Install.Watch;

/// <summary>
/// One message as the watcher reads it: <paramref name="Message"/> is the text after the log prefix (timestamp, level,
/// program, logger) or the console's kernel timestamp, secrets already masked; <paramref name="Logger"/> is the Anaconda
/// logger (<c>program</c>, <c>anaconda.core.progress</c>, …) or null on the console; <paramref name="Kernel"/> marks a
/// console line that carried a kernel timestamp (<c>[   12.345678] </c>).
/// </summary>
internal sealed record WatchedLine(WatchedSource Source, string Message, string? Logger, bool Kernel);
