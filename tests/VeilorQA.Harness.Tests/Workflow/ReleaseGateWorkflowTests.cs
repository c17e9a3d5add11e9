using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Tests.Matrix;
using YamlDotNet.RepresentationModel;

namespace VeilorQA.Harness.Tests.Workflow;

/// <summary>
/// .forgejo/workflows/release-gate.yml: it runs where veilor's CI runs, fans out one job per default matrix run, and
/// keeps secrets and inputs out of shell text and uploads.
/// </summary>
public class ReleaseGateWorkflowTests
{
    private static readonly string WorkflowFile = Path.Combine(MatrixSamples.RepositoryRoot, ".forgejo", "workflows", "release-gate.yml");
    private static readonly string[] VeilorRunnerLabels = ["nullstone", "ubuntu-24.04"];

    private static YamlMappingNode Workflow()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(WorkflowFile)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Jobs => (YamlMappingNode)Workflow()["jobs"];

    private static YamlMappingNode Job(string name) => (YamlMappingNode)Jobs[name];

    private static IEnumerable<YamlMappingNode> Steps(string job) => ((YamlSequenceNode)Job(job)["steps"]).Children.Cast<YamlMappingNode>();

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [Test]
    public void Every_job_runs_on_a_label_veilors_runners_have_and_the_VM_jobs_on_nullstone()
    {
        foreach (var (name, job) in Jobs.Children.Select(j => (((YamlScalarNode)j.Key).Value!, (YamlMappingNode)j.Value)))
        {
            VeilorRunnerLabels.Should().Contain(Scalar(job, "runs-on"), $"job {name} must run on one of veilor's runners");
        }

        Scalar(Job("gate"), "runs-on").Should().Be("nullstone", "the gate boots VMs: only nullstone has /dev/kvm");
        Scalar(Job("harness-tests"), "runs-on").Should().Be("nullstone");
    }

    [Test]
    public void Every_default_matrix_run_appears_as_a_gate_job()
    {
        // The plan job prints `veilorqa matrix ci` as its `jobs` output; the gate job's matrix is exactly that list.
        var listStep = Steps("plan").Single(s => Scalar(s, "id") == "list");
        Scalar(listStep, "run").Should().Contain("./veilorqa matrix ci").And.Contain("jobs=%s");
        Scalar((YamlMappingNode)Job("plan")["outputs"], "jobs").Should().Be("${{ steps.list.outputs.jobs }}");
        var gate = Job("gate");
        Scalar((YamlMappingNode)gate["strategy"], "matrix").Should().Be("${{ fromJSON(needs.plan.outputs.jobs) }}");
        Scalar((YamlMappingNode)gate["strategy"], "fail-fast").Should().Be("false", "one failing run must not cancel the others' verdicts");

        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var expanded = CiJobList.FromJson(CiJobList.ToJson(CiJobList.Of(matrix)))
            .Select(job => Scalar(gate, "name")!.Replace("${{ matrix.run }}", job.Run, StringComparison.Ordinal).Replace("${{ matrix.target }}", job.Target, StringComparison.Ordinal))
            .ToList();

        expanded.Should().Equal(matrix.DefaultRuns.Select(r => $"gate {r.Name} on {r.Target}"));
        expanded.Should().Contain(["gate reference on refvm", "gate faults-combined on refvm"]);
        var qaStep = Steps("gate").Single(s => Scalar(s, "run")?.Contains("scripts/gate-job", StringComparison.Ordinal) == true);
        Scalar(qaStep, "run").Should().Be("scripts/gate-job \"$RUN\"");
        Scalar((YamlMappingNode)qaStep["env"], "RUN").Should().Be("${{ matrix.run }}");
    }

    [Test]
    public void The_last_job_merges_every_gate_job_into_one_decision_even_when_a_gate_job_failed()
    {
        var decide = Job("decide");
        ((YamlSequenceNode)decide["needs"]).Children.Select(n => ((YamlScalarNode)n).Value).Should().Equal("plan", "gate");
        Scalar(decide, "if").Should().Be("${{ always() && needs.plan.result == 'success' }}");
        Steps("decide").Select(s => Scalar(s, "run")).Should().Contain(r => r != null && r.Contains("./veilorqa verdict merge \"${args[@]}\"", StringComparison.Ordinal));
    }

    [Test]
    public void Retries_happen_on_pushes_to_main_and_release_tags_and_never_on_pull_requests()
    {
        const string expected = "${{ github.event_name == 'push' && (github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/')) && '1' || '0' }}";
        Scalar((YamlMappingNode)Job("gate")["env"], "VEILORQA_RETRY").Should().Be(expected);
        Scalar((YamlMappingNode)Job("decide")["env"], "VEILORQA_RETRY").Should().Be(expected);
        FlakePolicy.RetriesOn("pull_request", "refs/heads/main").Should().BeFalse("the workflow's expression and the policy agree");
    }

    [Test]
    public void No_expression_is_expanded_into_shell_text()
    {
        var scripts = Jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).SelectMany(Steps).Select(s => Scalar(s, "run")).OfType<string>().ToList();

        scripts.Should().NotBeEmpty();
        scripts.Should().OnlyContain(s => !s.Contains("${{", StringComparison.Ordinal), "inputs, secrets and matrix values reach scripts through env: only");
    }

    [Test]
    public void Secrets_are_only_handed_to_the_step_that_writes_them_to_files()
    {
        var text = File.ReadAllText(WorkflowFile);
        var secretLines = text.Split('\n').Where(l => l.Contains("secrets.", StringComparison.Ordinal)).ToList();

        secretLines.Should().HaveCount(3);
        var writer = Steps("gate").Single(s => Scalar(s, "run") == "scripts/secret-files");
        ((YamlMappingNode)writer["env"]).Children.Values.Select(v => ((YamlScalarNode)v).Value).Should().OnlyContain(v => v!.StartsWith("${{ secrets.", StringComparison.Ordinal));
        var cleanup = Steps("gate").Last(s => Scalar(s, "run") is not null);
        Scalar(cleanup, "run").Should().Be("rm -rf \"$VEILORQA_SECRETS\"");
        Scalar(cleanup, "if").Should().Be("always()", "the secret files go even when the run failed");
    }

    [Test]
    public void Uploads_hold_only_reports_and_results_never_keys_images_or_passphrases()
    {
        var uploads = Jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).SelectMany(Steps)
            .Where(s => Scalar(s, "uses")?.StartsWith("actions/upload-artifact", StringComparison.Ordinal) == true)
            .SelectMany(s => Scalar((YamlMappingNode)s["with"], "path")!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();

        uploads.Should().NotBeEmpty();
        var allowed = new Regex(@"^artifacts/(test-results/\*\.trx|gate/\$\{\{ matrix\.run \}\}/(junit\.xml|(first|retry)/(verdicts\.json|allure-results/))|release/(decision\.json|junit\.xml|allure-report/))$");
        uploads.Should().OnlyContain(p => allowed.IsMatch(p), "only verdicts, JUnit XML, Allure results and the report leave the runner");
        uploads.Should().NotContain(p => Regex.IsMatch(p, @"key|id_|passphrase|secret|\.qcow2|\.img|\.iso|loopback|^artifacts/?$", RegexOptions.IgnoreCase));
    }

    [Test]
    public void The_workflow_passes_actionlint_with_only_veilors_runner_labels_accepted()
    {
        var (exit, output) = Lint(WorkflowFile);

        exit.Should().Be(0, output);
        output.Should().StartWith("actionlint: OK: 1 workflow file(s), 0 finding(s)");
    }

    [Test]
    public void Actionlint_rejects_a_runner_label_veilor_does_not_have_and_an_input_in_shell_text()
    {
        var bad = Path.Combine(Path.GetTempPath(), RunId.Current.Name("lint-" + Guid.NewGuid().ToString("N")[..8]) + ".yml");
        File.WriteAllText(bad, """
            on:
              pull_request:
            jobs:
              a:
                runs-on: [self-hosted, kvm]
                steps:
                  - run: echo "${{ github.event.pull_request.title }}"
              b:
                runs-on: nullstone
                steps:
                  - run: echo fine
            """);
        try
        {
            var (exit, output) = Lint(bad);

            exit.Should().Be(1);
            output.Should().Contain("label \"kvm\" is unknown").And.Contain("[runner-label]")
                .And.Contain("\"github.event.pull_request.title\" is potentially untrusted").And.NotContain("label \"nullstone\"");
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private static (int Exit, string Output) Lint(string file)
    {
        var result = ExternalCommand.RunAsync("node", [Path.Combine(MatrixSamples.RepositoryRoot, "scripts", "lint-workflows.cjs"), file], TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
