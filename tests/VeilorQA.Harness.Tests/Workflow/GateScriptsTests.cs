using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Workflow;

/// <summary>
/// scripts/gate-job (one gate job: first attempt, retry of failed cases on main and tags, JUnit) against a stand-in
/// veilorqa that records its arguments, and scripts/secret-files (secrets to 0600 files).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // scripts and file modes of a Linux runner
public class GateScriptsTests
{
    private string _repo = null!;

    [SetUp]
    public void CreateRepository()
    {
        _repo = Directory.CreateTempSubdirectory("veilorqa-gate-job-").FullName;
        Directory.CreateDirectory(Path.Combine(_repo, "scripts"));
        foreach (var script in new[] { "gate-job", "secret-files" })
        {
            File.Copy(Path.Combine(MatrixSamples.RepositoryRoot, "scripts", script), Path.Combine(_repo, "scripts", script));
        }

        // The stand-in: `run` writes verdicts.json into --output and exits $FIRST_EXIT (first) or $RETRY_EXIT (retry);
        // FIRST_VERDICTS=0 makes the first attempt record none. Every call is logged.
        File.WriteAllText(Path.Combine(_repo, "veilorqa"), """
            #!/usr/bin/env bash
            echo "$*" >> "$LOG"
            if [ "$1" = run ]; then
              out=""; retry=0
              while [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift ;; --retry-failed) retry=1 ;; esac; shift; done
              mkdir -p "$out"
              if [ "$retry" = 1 ]; then echo '[]' > "$out/verdicts.json"; exit "${RETRY_EXIT:-0}"; fi
              [ "${FIRST_VERDICTS:-1}" = 1 ] && echo '[]' > "$out/verdicts.json"
              exit "${FIRST_EXIT:-0}"
            fi
            exit 0
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(_repo, "veilorqa"), (UnixFileMode)0b111_101_101);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_repo, recursive: true);

    [Test]
    public async Task On_main_a_failed_first_attempt_is_retried_once_with_its_failed_cases()
    {
        var (exit, log, _) = await GateJob("reference", "FIRST_EXIT=1", "VEILORQA_RETRY=1");

        exit.Should().Be(0, "the release decision is the merge job's");
        log.Should().Equal(
            "run --run reference --output artifacts/gate/reference/first",
            "run --no-build --retry-failed artifacts/gate/reference/first/verdicts.json --output artifacts/gate/reference/retry",
            "verdict junit artifacts/gate/reference --run reference");
    }

    [TestCase("FIRST_EXIT=1", "VEILORQA_RETRY=0")]
    [TestCase("FIRST_EXIT=0", "VEILORQA_RETRY=1")]
    [TestCase("FIRST_EXIT=2", "VEILORQA_RETRY=1")]
    public async Task No_retry_on_a_pull_request_after_a_pass_or_after_a_run_that_could_not_judge(string first, string retry)
    {
        var (_, log, _) = await GateJob("reference", first, retry);

        log.Should().NotContain(l => l.Contains("--retry-failed", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_run_that_recorded_no_verdicts_fails_the_job_with_exit_2()
    {
        var (exit, log, error) = await GateJob("reference", "FIRST_EXIT=2", "FIRST_VERDICTS=0", "VEILORQA_RETRY=1");

        exit.Should().Be(2);
        error.Should().Contain("gate-job: run reference recorded no verdicts (veilorqa run exit 2)");
        log.Should().Contain("verdict junit artifacts/gate/reference --run reference", "the JUnit XML still says the run has no verdict");
    }

    [TestCase("")]
    [TestCase("reference; rm -rf /")]
    [TestCase("Reference")]
    public async Task A_run_name_that_is_not_a_matrix_name_is_refused_before_anything_runs(string run)
    {
        var (exit, log, error) = await GateJob(run);

        exit.Should().Be(2);
        error.Should().Contain("is not a matrix run name");
        log.Should().BeEmpty();
    }

    [Test]
    public async Task Secrets_become_files_of_mode_0600_in_a_folder_of_mode_0700_and_empty_ones_no_file()
    {
        var secrets = Path.Combine(_repo, "secrets");
        var result = await ExternalCommand.RunAsync("env",
            [$"VEILORQA_SECRETS={secrets}", "LUKS_PASSPHRASE=correct horse", "REMOTE_SSH_KEY=", "REMOTE_KNOWN_HOSTS=[kvm]:22 ssh-ed25519 AAAA", "GITHUB_ENV=" + Path.Combine(_repo, "github-env"),
             "bash", Path.Combine(_repo, "scripts", "secret-files")],
            TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().NotContain("correct horse");
        File.GetUnixFileMode(secrets).Should().Be((UnixFileMode)0b111_000_000);
        File.GetUnixFileMode(Path.Combine(secrets, "luks-passphrase")).Should().Be((UnixFileMode)0b110_000_000);
        (await File.ReadAllTextAsync(Path.Combine(secrets, "luks-passphrase"))).Should().Be("correct horse\n");
        File.Exists(Path.Combine(secrets, "remote-libvirt.key")).Should().BeFalse();
        File.Exists(Path.Combine(secrets, "remote-libvirt.known_hosts")).Should().BeTrue();
        (await File.ReadAllTextAsync(Path.Combine(_repo, "github-env"))).Should().Be($"VEILORQA_LUKS_PASSPHRASE_FILE={secrets}/luks-passphrase\n");
    }

    private async Task<(int Exit, string[] Log, string Error)> GateJob(string run, params string[] environment)
    {
        var log = Path.Combine(_repo, "calls.log");
        var result = await ExternalCommand.RunAsync("env", [$"LOG={log}", .. environment, "bash", Path.Combine(_repo, "scripts", "gate-job"), run], TimeSpan.FromSeconds(60));
        return (result.ExitCode, File.Exists(log) ? await File.ReadAllLinesAsync(log) : [], result.StandardError);
    }
}
