namespace VeilorQA.Harness.Reporting;

/// <summary>A fixture: its set-ups and tear-downs and the tests they ran around (<c>{uuid}-container.json</c>).</summary>
public sealed record TestResultContainer
{
    public required string Uuid { get; init; }

    public string? Name { get; init; }

    /// <summary>The uuids of the test results this fixture surrounds.</summary>
    public IReadOnlyList<string> Children { get; init; } = [];

    public IReadOnlyList<FixtureResult> Befores { get; init; } = [];

    public IReadOnlyList<FixtureResult> Afters { get; init; } = [];

    public IReadOnlyList<Link> Links { get; init; } = [];

    public long Start { get; init; }

    public long Stop { get; init; }
}
