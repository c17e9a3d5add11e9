using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Tests.Guest;

/// <summary>A test double of the shell channel for parser/probe unit tests: answers each exact command with recorded outputs, in order.</summary>
internal sealed class RecordedShell : IShell
{
    private readonly Dictionary<string, Queue<ShellResult>> _answers = new(StringComparer.Ordinal);

    public List<string> Commands { get; } = [];

    public string Endpoint => "recorded";

    /// <summary>Queues an answer; the last answer for a command repeats once the queue is down to one.</summary>
    public RecordedShell Answer(string command, string stdout, int exitCode = 0, string stderr = "")
    {
        if (!_answers.TryGetValue(command, out var queue))
        {
            _answers[command] = queue = new Queue<ShellResult>();
        }

        queue.Enqueue(new ShellResult(command, exitCode, stdout, stderr, TimeSpan.FromMilliseconds(5)));
        return this;
    }

    public Action<string>? OnRun { get; set; }

    public Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Commands.Add(command);
        OnRun?.Invoke(command);
        if (!_answers.TryGetValue(command, out var queue))
        {
            throw new InvalidOperationException($"No recorded answer for: {command}\nRecorded:\n  {string.Join("\n  ", _answers.Keys)}");
        }

        return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
    }

    public Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
