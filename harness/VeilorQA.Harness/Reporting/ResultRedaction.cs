using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Reporting;

/// <summary>Passes every free text of a result (names, messages, traces, values) through a <see cref="Redactor"/>.</summary>
internal sealed class ResultRedaction(Redactor redactor)
{
    public TestResult Apply(TestResult r) => r with
    {
        FullName = Text(r.FullName),
        Name = Text(r.Name),
        Description = NullableText(r.Description),
        StatusDetails = Apply(r.StatusDetails),
        Labels = [.. r.Labels.Select(l => l with { Value = Text(l.Value) })],
        Links = [.. r.Links.Select(l => l with { Name = Text(l.Name) })],
        Steps = [.. r.Steps.Select(Apply)],
        Attachments = [.. r.Attachments.Select(Apply)],
        Parameters = [.. r.Parameters.Select(Apply)],
    };

    public TestResultContainer Apply(TestResultContainer c) => c with
    {
        Name = NullableText(c.Name),
        Befores = [.. c.Befores.Select(Apply)],
        Afters = [.. c.Afters.Select(Apply)],
    };

    private FixtureResult Apply(FixtureResult f) => f with
    {
        Name = Text(f.Name),
        StatusDetails = Apply(f.StatusDetails),
        Steps = [.. f.Steps.Select(Apply)],
        Attachments = [.. f.Attachments.Select(Apply)],
        Parameters = [.. f.Parameters.Select(Apply)],
    };

    private StepResult Apply(StepResult s) => s with
    {
        Name = Text(s.Name),
        StatusDetails = Apply(s.StatusDetails),
        Steps = [.. s.Steps.Select(Apply)],
        Attachments = [.. s.Attachments.Select(Apply)],
        Parameters = [.. s.Parameters.Select(Apply)],
    };

    private StatusDetails? Apply(StatusDetails? d) =>
        d is null ? null : d with { Message = NullableText(d.Message), Trace = NullableText(d.Trace) };

    private Attachment Apply(Attachment a) => a with { Name = Text(a.Name) };

    // A masked parameter never carries its value, whatever the caller put in it.
    private Parameter Apply(Parameter p) => p with { Value = p.Mode == ParameterMode.Masked ? Secret.Mask : Text(p.Value) };

    private string Text(string text) => redactor.Redact(text);

    private string? NullableText(string? text) => text is null ? null : redactor.Redact(text);
}
