using System.Text.Json;
using System.Text.Json.Serialization;
using VeilorQA.Harness.Gate.Quarantine;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// The release decision: every planned case judged from the jobs' recorded verdicts under the flake policy and the
/// quarantine list. GO (exit 0) when nothing blocks; NO-GO (exit 1) when a case failed, was flaky again within the
/// window, or produced no verdict. It never re-judges test results: the judge's verdicts are its input.
/// </summary>
public sealed record ReleaseDecision(IReadOnlyList<CaseDecision> Cases, FlakePolicy Policy)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public IReadOnlyList<CaseDecision> Blocking => Cases.Where(c => c.Blocks).ToList();

    public bool Go => Blocking.Count == 0 && Cases.Count > 0;

    /// <summary>0 GO, 1 NO-GO.</summary>
    public int ExitCode => Go ? 0 : 1;

    /// <summary>The cases that failed and then passed on the retry in this gate run, whatever the decision (recorded in the history).</summary>
    public IReadOnlyList<string> FlakyCases => Cases.Where(c => c.RetryOutcome == "Met").Select(c => c.Case).ToList();

    /// <summary>The closing line: the decision and its counts (and what blocks).</summary>
    public string Summary()
    {
        int Count(DecisionKind k) => Cases.Count(c => c.Kind == k);
        var counts = $"{Cases.Count} cases: {Count(DecisionKind.Passed)} passed, {Count(DecisionKind.Flaky)} flaky, {Count(DecisionKind.Quarantined)} quarantined, "
            + $"{Count(DecisionKind.NotRun)} not run, {Count(DecisionKind.Failed)} failed";
        return Go
            ? $"release decision: GO ({counts})"
            : Cases.Count == 0
                ? "release decision: NO-GO (no case was judged: no verdicts at all)"
                : $"release decision: NO-GO ({counts}); blocking: {string.Join(", ", Blocking.Select(c => c.Case))}";
    }

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            decision = Go ? "GO" : "NO-GO",
            exit_code = ExitCode,
            retries_count = Policy.RetriesCount,
            flaky_window = Policy.Window,
            cases = Cases.Select(c => new
            {
                run = c.Run,
                suite = c.Suite,
                target = c.Target,
                decision = c.Kind,
                blocks = c.Blocks,
                reason = c.Reason,
                first = c.FirstOutcome,
                retry = c.RetryOutcome,
                retried_tests = c.RetriedTests,
                quarantine = c.Quarantine is null ? null : new { test = c.Quarantine.Id, target = c.Quarantine.Target, tracker = c.Quarantine.Tracker, owner = c.Quarantine.Owner, expires = c.Quarantine.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = c.Quarantine.Reason },
            }),
        },
        Json);

    /// <summary>Decides every case of <paramref name="planned"/> (plus any other case the jobs reported).</summary>
    public static ReleaseDecision Decide(IReadOnlyList<PlannedCase> planned, IReadOnlyList<GateJob> jobs, QuarantineList quarantine, FlakeHistory history, FlakePolicy policy)
    {
        var cases = planned.ToList();
        foreach (var verdict in jobs.SelectMany(j => j.First?.Verdicts ?? []))
        {
            if (!cases.Any(c => c.Run == verdict.Run && c.Suite == verdict.Suite))
            {
                cases.Add(new PlannedCase(verdict.Run, verdict.Suite, verdict.Target));
            }
        }

        return new ReleaseDecision(cases.Select(c => DecideCase(c, jobs, quarantine, history, policy)).ToList(), policy);
    }

    private static CaseDecision DecideCase(PlannedCase planned, IReadOnlyList<GateJob> jobs, QuarantineList quarantine, FlakeHistory history, FlakePolicy policy)
    {
        var decision = DecideOutcome(planned, jobs, quarantine, history, policy);
        var attempt = decision.RetryOutcome is not null ? jobs.Select(j => j.Retry) : jobs.Select(j => j.First);
        return decision with { WallTime = attempt.Select(a => a?.Of(planned.Run, planned.Suite)).FirstOrDefault(v => v is not null)?.WallTime };
    }

    private static CaseDecision DecideOutcome(PlannedCase planned, IReadOnlyList<GateJob> jobs, QuarantineList quarantine, FlakeHistory history, FlakePolicy policy)
    {
        var (run, suite, target) = (planned.Run, planned.Suite, planned.Target);
        var firstAttempt = jobs.Select(j => j.First).FirstOrDefault(a => a?.Of(run, suite) is not null);
        var first = firstAttempt?.Of(run, suite);
        if (first is null || firstAttempt is null)
        {
            var problems = jobs.Where(j => j.Problem is not null && Path.GetFileName(j.Directory).EndsWith(run, StringComparison.Ordinal)).Select(j => j.Problem);
            var why = string.Join("; ", problems);
            return new CaseDecision(run, suite, target, DecisionKind.Failed,
                $"no verdict: the job of run {run} recorded none{(why.Length > 0 ? " (" + why + ")" : " (its job failed before judging, or was not run)")}", null, null);
        }

        if (first.IsMet)
        {
            return new CaseDecision(run, suite, target, DecisionKind.Passed, first.Reason, first.Outcome, null);
        }

        if (!first.IsFailure)
        {
            return new CaseDecision(run, suite, target, DecisionKind.NotRun, $"{first.Outcome.ToLowerInvariant()}: {first.Reason}", first.Outcome, null);
        }

        var retryAttempt = policy.RetriesCount ? jobs.Select(j => j.Retry).FirstOrDefault(a => a?.Of(run, suite) is not null) : null;
        var retry = retryAttempt?.Of(run, suite);
        var last = retry is not null && retryAttempt is not null ? retryAttempt : firstAttempt;
        var failedFirst = firstAttempt.FailingTests(run, suite);
        if (retry is { IsMet: true } && retryAttempt is not null)
        {
            var stillFailing = retryAttempt.FailingTests(run, suite);
            var retried = failedFirst.Except(stillFailing, StringComparer.Ordinal).ToList();
            var earlier = history.FlakyWithin($"{run}/{suite}", policy.Window);
            if (earlier.Count == 0)
            {
                return new CaseDecision(run, suite, target, DecisionKind.Flaky, $"failed, then passed on the retry: {first.Reason}", first.Outcome, retry.Outcome, RetriedTests: retried);
            }

            var flakyAgain = $"flaky again: failed, then passed on the retry, and was flaky in {earlier.Count} of the last {policy.Window} gate runs "
                + $"({string.Join(", ", earlier.Select(r => r.Label))}): {first.Reason}";
            return quarantine.Excuse(suite, target, failedFirst) is { } again
                ? new CaseDecision(run, suite, target, DecisionKind.Quarantined, $"{flakyAgain}; quarantined: {again.Describe()}", first.Outcome, retry.Outcome, again, retried)
                : new CaseDecision(run, suite, target, DecisionKind.Failed, flakyAgain, first.Outcome, retry.Outcome, RetriedTests: retried);
        }

        var reason = retry is null
            ? first.Reason
            : $"failed twice (first: {first.Reason}; retry: {retry.Reason})";
        var excuse = quarantine.Excuse(suite, target, last.FailingTests(run, suite));
        return excuse is not null
            ? new CaseDecision(run, suite, target, DecisionKind.Quarantined, $"{reason}; quarantined: {excuse.Describe()}", first.Outcome, retry?.Outcome, excuse)
            : new CaseDecision(run, suite, target, DecisionKind.Failed, reason, first.Outcome, retry?.Outcome);
    }
}
