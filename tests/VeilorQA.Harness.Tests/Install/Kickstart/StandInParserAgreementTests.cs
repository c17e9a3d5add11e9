using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

/// <summary>
/// Runs the installer stand-in's own kickstart parser (vms/installer/…/pyanaconda_standin/kickstart.py: argparse and
/// shlex only, so it imports on the host) on every sample, so the harness's checker and the installer accept and
/// refuse the same kickstarts, on the same line, with the same words.
/// </summary>
[Category("Integration")]
public sealed class StandInParserAgreementTests
{
    // Prints one JSON line per file: {"ok": true} or {"ok": false, "line": N, "msg": "..."}.
    private const string Driver = """
        import json, sys
        sys.dont_write_bytecode = True
        sys.path.insert(0, sys.argv[1])
        from pyanaconda_standin import kickstart
        for path in sys.argv[2:]:
            try:
                kickstart.parse(open(path, encoding="utf-8").read())
                print(json.dumps({"ok": True}))
            except kickstart.KickstartParseError as e:
                print(json.dumps({"ok": False, "line": e.lineno, "msg": e.msg}))
        """;

    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-ks-standin-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task The_stand_in_installer_accepts_and_refuses_exactly_what_the_checker_does()
    {
        var samples = new List<(string Name, string Text)>
        {
            ("rendered template", KickstartRenderer.Render(KickstartTemplate.Load(KickstartSamples.TemplatePath), KickstartSamples.Parameters()).Text.Reveal()),
            ("rendered template, reboot", KickstartRenderer.Render(KickstartTemplate.Load(KickstartSamples.TemplatePath), KickstartSamples.Parameters(end: EndAction.Reboot)).Text.Reveal()),
            ("dev ks.cfg.in", KickstartSamples.FilledDevKickstart()),
            ("minimal", KickstartSamples.Minimal),
        };
        samples.AddRange(KickstartSamples.Rejections().Select(r => (r.Kind, r.Text)));
        var files = samples.Select((s, i) => Path.Combine(_dir, $"{i:D2}.ks")).ToList();
        for (var i = 0; i < samples.Count; i++)
        {
            await File.WriteAllTextAsync(files[i], samples[i].Text);
        }

        var verdicts = await RunStandInAsync(files);

        verdicts.Should().HaveCount(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var (name, text) = samples[i];
            var python = verdicts[i];
            KickstartParseException? csharp = null;
            try
            {
                KickstartParser.Parse(text, name);
            }
            catch (KickstartParseException e)
            {
                csharp = e;
            }

            if (python.GetProperty("ok").GetBoolean())
            {
                csharp.Should().BeNull($"the stand-in accepts '{name}'");
                continue;
            }

            csharp.Should().NotBeNull($"the stand-in refuses '{name}': {python.GetProperty("msg").GetString()}");
            csharp!.LineNumber.Should().Be(python.GetProperty("line").GetInt32(), $"line of '{name}'");
            csharp.Reason.Should().Be(KickstartSecrets.MaskText(python.GetProperty("msg").GetString()!), $"reason of '{name}'");
        }

        verdicts.Take(4).Should().OnlyContain(v => v.GetProperty("ok").GetBoolean(), "the template, the dev kickstart and the minimal sample are valid");
        verdicts.Skip(4).Should().OnlyContain(v => !v.GetProperty("ok").GetBoolean(), "every rejection sample is refused by the installer too");
    }

    private static async Task<IReadOnlyList<JsonElement>> RunStandInAsync(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Driver);
        start.ArgumentList.Add(KickstartSamples.StandInLibrary);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        // No __pycache__ inside the recipe: it would change the installer ISO's recipe hash.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("python3 is not installed on this host: the stand-in's parser cannot run");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.Should().Be(0, $"the stand-in's parser ran: {await stderr}");
            return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        }
    }
}
