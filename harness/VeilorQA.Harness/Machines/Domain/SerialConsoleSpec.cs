namespace VeilorQA.Harness.Machines.Domain;

/// <summary>The first serial port (guest ttyS0) on a unix socket QEMU listens on, with everything it printed logged to a file.</summary>
/// <param name="SocketPath">Unix socket (at most 107 bytes: the sun_path limit).</param>
/// <param name="LogPath">Log file, truncated at each start of the domain.</param>
public sealed record SerialConsoleSpec(string SocketPath, string LogPath);
