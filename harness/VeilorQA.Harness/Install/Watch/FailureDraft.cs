using System.Globalization;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Watch;

/// <summary>
/// The first fatal error recognised, while the lines after it (the reason, the failing command's output, the traceback's
/// frames) are still arriving; <see cref="ToFailure"/> turns what is known so far into an <see cref="InstallFailure"/>.
/// </summary>
internal sealed partial class FailureDraft
{
    private readonly List<string> _evidence = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _details = [];
    private bool _outputFollows;

    public FailureDraft(InstallFailureKind kind, string header, int? lineNumber, string? inline)
    {
        Kind = kind;
        Header = header;
        LineNumber = lineNumber;
        Inline = string.IsNullOrWhiteSpace(inline) ? null : inline.Trim();
        AddEvidence(header);
    }

    public InstallFailureKind Kind { get; }

    /// <summary>The line the failure was recognised by.</summary>
    public string Header { get; }

    /// <summary>The kickstart line of a parse error, or the script's line of a script error.</summary>
    public int? LineNumber { get; }

    /// <summary>Text on the header line after its fixed part ("storage configuration failed: <b>Unable to …</b>").</summary>
    public string? Inline { get; }

    /// <summary>Whether lines after the header still belong to it (false once a terminator or the kind's last line came).</summary>
    public bool Collecting { get; set; } = true;

    /// <summary>The Anaconda logger the header arrived under on the virtio port: only that logger's later lines are its details.</summary>
    public string? AnacondaLogger { get; set; }

    /// <summary>The masked kickstart line a parse error points at.</summary>
    public string? OffendingLine { get; set; }

    /// <summary>The failing command and its output, from "The command '…' exited with the code N:" or from program.log.</summary>
    public ProgramRun? Command { get; set; }

    /// <summary>The exit code of the failing kickstart script ("Error code N running the kickstart script at line L").</summary>
    public int? ScriptExitCode { get; set; }

    /// <summary>The BUG/oops line before a kernel "Call Trace:".</summary>
    public string? KernelHeadline { get; set; }

    public IReadOnlyList<string> Details => _details;

    /// <summary>Whether <paramref name="message"/> is already part of this failure (the same text arrives from both sources).</summary>
    public bool Holds(string message) => _seen.Contains(message.Trim());

    /// <summary>The exception line that ends a Python traceback ("TypeError: …").</summary>
    public string? ExceptionLine { get; private set; }

    /// <summary>Adds a line that follows the header (as it arrived: a traceback's frames are told by their indent); false when it was a duplicate.</summary>
    public bool AddDetail(string message)
    {
        var text = message.Trim();
        var indented = message.Length > 0 && char.IsWhiteSpace(message[0]);
        if (text.Length == 0 || !_seen.Add(text))
        {
            return false;
        }

        _details.Add(text);
        if (_evidence.Count < InstallWatcher.EvidenceLimit)
        {
            _evidence.Add(text);
        }

        var command = CommandExited().Match(text);
        if (command.Success)
        {
            // The same command seen in program.log already holds its output, which the lines after this one repeat.
            var code = int.Parse(command.Groups["code"].Value, CultureInfo.InvariantCulture);
            if (Command is null || Command.Command != command.Groups["command"].Value)
            {
                Command = new ProgramRun(command.Groups["command"].Value);
            }

            Command.ExitCode = code;
            _outputFollows = true;
        }
        else if (_outputFollows && Command is not null)
        {
            Command.AddOutput(text);
        }

        if (Kind == InstallFailureKind.Traceback && !indented && !text.StartsWith("Traceback", StringComparison.Ordinal))
        {
            ExceptionLine = text;
        }

        Collecting = Collecting && !LastDetail(text);
        return true;
    }

    /// <summary>Puts lines seen before the header (the oops line, the failing command's program.log output) first in the evidence.</summary>
    public void AddEarlier(IEnumerable<string> lines)
    {
        var earlier = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && _seen.Add(l)).ToList();
        _evidence.InsertRange(0, earlier);
        if (_evidence.Count > InstallWatcher.EvidenceLimit)
        {
            _evidence.RemoveRange(InstallWatcher.EvidenceLimit, _evidence.Count - InstallWatcher.EvidenceLimit);
        }
    }

    public InstallFailure ToFailure(Func<string, string> redact) =>
        new(Kind, redact(Explain()), [.. _evidence.Select(redact)]);

    private void AddEvidence(string text)
    {
        _seen.Add(text.Trim());
        _evidence.Add(text.Trim());
    }

    /// <summary>Kinds whose explanation is one detail line long stop collecting after it (later lines are not theirs).</summary>
    private bool LastDetail(string text) => Kind switch
    {
        InstallFailureKind.KickstartParse or InstallFailureKind.Bootloader => true,
        InstallFailureKind.Traceback => ExceptionLine is not null,
        InstallFailureKind.KernelCallTrace => text.StartsWith("---[ end trace", StringComparison.Ordinal),
        _ => false,
    };

    private string Explain()
    {
        switch (Kind)
        {
            case InstallFailureKind.KickstartParse:
            {
                var reason = Inline ?? _details.FirstOrDefault() ?? "no reason given";
                var offending = OffendingLine is null ? string.Empty : $" (line {LineNumber}: {OffendingLine})";
                return $"kickstart: the installer refused line {LineNumber}: {reason}{offending}";
            }

            case InstallFailureKind.NoKickstart:
                return $"kickstart: none was read: {Header}";

            case InstallFailureKind.Payload when Command is not null:
            {
                var reason = KeyReason(Command.Output) ?? Inline ?? "it printed nothing";
                return $"payload: {Describe(Command.Command)} exited with code {Command.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {reason}";
            }

            case InstallFailureKind.Payload:
                return $"payload: {Inline ?? _details.FirstOrDefault() ?? "the installer reported a fatal payload error without a reason"}";

            case InstallFailureKind.Storage:
                return $"storage: configuring the disk failed: {Inline ?? _details.FirstOrDefault() ?? "no reason given"}";

            case InstallFailureKind.Bootloader:
                return $"boot loader: installing it failed, the disk will not boot: {_details.FirstOrDefault() ?? Inline ?? "no reason given"}";

            case InstallFailureKind.Script:
            {
                var code = ScriptExitCode is { } c ? $" with exit code {c.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
                var output = _details.LastOrDefault(d => !d.StartsWith("The details of this error are", StringComparison.Ordinal));
                return $"kickstart script: the script at line {LineNumber} failed{code}: {output ?? "it printed nothing"}";
            }

            case InstallFailureKind.Traceback when Header.Contains("crashed on signal", StringComparison.Ordinal):
                return $"installer crash: {Header}";

            case InstallFailureKind.Traceback:
            {
                var exception = ExceptionLine;
                var at = _details.LastOrDefault(d => d.StartsWith("File \"", StringComparison.Ordinal));
                return $"installer crash: a Python traceback: {exception ?? "(the exception line was not seen)"}{(at is null ? string.Empty : $" ({at})")}";
            }

            case InstallFailureKind.OutOfMemory:
            {
                var killed = KilledProcess().Match(Header);
                return killed.Success
                    ? $"out of memory: the kernel killed process {killed.Groups["pid"].Value} ({killed.Groups["name"].Value}); give the VM more memory or find what grew"
                    : $"out of memory: {Header}";
            }

            case InstallFailureKind.KernelCallTrace:
                return $"kernel: a call trace after \"{KernelHeadline ?? "(no BUG/oops line before it)"}\"";

            default:
                return Header;
        }
    }

    /// <summary>
    /// The reason a failing command gave: the output line naming a known cause (manifest unknown, connection refused,
    /// digest mismatch, …), else its last <c>error:</c> line, else its last line; ostree-ext's context chain is cut.
    /// </summary>
    internal static string? KeyReason(IReadOnlyList<string> output)
    {
        var line = output.LastOrDefault(l => KnownCause().IsMatch(l))
                   ?? output.LastOrDefault(l => l.StartsWith("error:", StringComparison.OrdinalIgnoreCase))
                   ?? output.LastOrDefault(l => l.Trim().Length > 0);
        if (line is null)
        {
            return null;
        }

        var reason = line.Trim();
        if (reason.StartsWith("error:", StringComparison.OrdinalIgnoreCase))
        {
            reason = reason["error:".Length..].TrimStart();
        }

        string before;
        do
        {
            before = reason;
            reason = ContextPrefix().Replace(reason, string.Empty, 1);
        }
        while (reason != before && reason.Length > 0);

        return reason.Length == 0 ? before : reason;
    }

    /// <summary>"'ostree container image deploy' (image 10.0.2.2:5000/veilor@sha256:…)": the program's words and the image it was given.</summary>
    internal static string Describe(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var program = string.Join(' ', words.TakeWhile(w => !w.StartsWith('-')));
        var image = words.FirstOrDefault(w => w.StartsWith("--image=", StringComparison.Ordinal))?["--image=".Length..];
        return image is null ? $"'{program}'" : $"'{program}' (image {image})";
    }

    [GeneratedRegex(@"^The command '(?<command>.*)' exited with the code (?<code>-?\d+)")]
    private static partial Regex CommandExited();

    [GeneratedRegex(@"Killed process (?<pid>\d+) \((?<name>[^)]*)\)")]
    private static partial Regex KilledProcess();

    [GeneratedRegex(@"manifest unknown|connection refused|digest mismatch|digest did not match|no such host|unauthorized|authentication required|i/o timeout|no space left on device|signature|source image rejected|name unknown|network is unreachable|no route to host|tls: ", RegexOptions.IgnoreCase)]
    private static partial Regex KnownCause();

    [GeneratedRegex(@"^(?:Performing deployment|Creating importer|failed to invoke method OpenImage|Importing|Unencapsulating base|Pulling|Fetching): ")]
    private static partial Regex ContextPrefix();
}
