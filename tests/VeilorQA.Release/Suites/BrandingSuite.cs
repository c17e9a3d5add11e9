using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Branding;
using VeilorQA.Harness.Guest.KernelCmdline;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Branding (release blocker "/etc/skel branding"): a user created the way veilor's installer and firstboot create one
/// gets veilor's files from <c>/etc/skel</c> — the files and keys of the artifact's <c>branding:</c> block in
/// TestMatrix.yml (look-and-feel, wallpaper, shell profile) — owned by that user with the right modes; and
/// <c>/etc/os-release</c> and the booted boot menu entry carry the distributor names of the same block. The test user
/// is created and removed by the suite; nothing of it stays.
/// </summary>
[ReleaseSuite("branding")]
[Order(9)]
public sealed class BrandingSuite : TargetFixture
{
    private Branding Brand =>
        Case.Artifact?.Branding
        ?? throw new AssertionException(
            $"branding: artifact '{Case.Artifact?.Name ?? "(none)"}' of target {Case.Target.Name} has no branding: block in TestMatrix.yml, so nothing says what veilor's brand is");

    [Test, Order(1)]
    public async Task A_new_user_gets_veilors_skel_files_and_keys_owned_by_the_user_with_the_right_modes()
    {
        var brand = Brand;
        if (brand.Skel.Count == 0)
        {
            Assert.Ignore($"branding: artifact '{Case.Artifact!.Name}' lists no skel files");
        }

        var user = new NewUser(Shell, $"vqa{Guid.NewGuid().ToString("N")[..8]}");
        var home = await Report.StepAsync($"create user {user.Name} (useradd --create-home --user-group)", () => user.CreateAsync());
        var problems = new List<string>();
        try
        {
            foreach (var file in brand.Skel)
            {
                await Report.StepAsync($"~/{file.Path}", async () => problems.AddRange(await JudgeFileAsync(user.Name, home, file)));
            }
        }
        finally
        {
            var left = await Report.StepAsync($"remove user {user.Name} with its home", () => user.RemoveAsync(home));
            Assert.That(left, Is.Empty, $"branding: removing the test user {user.Name} left traces: {string.Join("; ", left)}");
        }

        Assert.That(problems, Is.Empty, $"branding: a new user's home is not veilor's /etc/skel: {string.Join("; ", problems)}");
    }

    [Test, Order(2)]
    public async Task Os_release_carries_the_distributor_names()
    {
        var brand = Brand;
        if (brand.OsRelease.Count == 0)
        {
            Assert.Ignore($"branding: artifact '{Case.Artifact!.Name}' lists no os_release fields");
        }

        var text = (await MustAsync(OsRelease.Command)).StandardOutput;
        Report.Attach("/etc/os-release", text);
        var release = OsRelease.Parse(text);
        var wrong = brand.OsRelease
            .Where(v => release[v.Key] != v.Value)
            .Select(v => $"{v.Key} is {(release[v.Key] is { } actual ? $"'{actual}'" : "missing")}, not '{v.Value}'")
            .ToList();
        Assert.That(wrong, Is.Empty, $"branding: /etc/os-release: {string.Join("; ", wrong)}");
    }

    [Test, Order(3)]
    public async Task The_booted_boot_menu_entry_carries_the_distributor_name()
    {
        var brand = Brand;
        if (brand.BootEntry is null)
        {
            Assert.Ignore($"branding: artifact '{Case.Artifact!.Name}' names no boot_entry text");
        }

        var listing = (await MustAsync(BootLoaderEntry.ListCommand)).StandardOutput;
        Report.Attach("/boot/loader/entries", listing);
        var entries = BootLoaderEntry.ParseListing(listing);
        var cmdline = await new KernelCmdlineProbe(Shell).ReadAsync();
        var booted = entries.Where(e => e.Boots(cmdline.Raw)).ToList();
        Assert.That(booted, Is.Not.Empty,
            $"branding: no boot entry in /boot/loader/entries boots this kernel command line ({cmdline.Raw}); entries: {string.Join("; ", entries)}");
        foreach (var entry in booted)
        {
            Report.Parameter("booted entry", entry.ToString());
            Assert.That(entry.Title ?? string.Empty, Does.Contain(brand.BootEntry!),
                $"branding: the boot menu entry {entry.File} is titled '{entry.Title ?? "(no title)"}', without '{brand.BootEntry}'");
        }
    }

    private async Task<IReadOnlyList<string>> JudgeFileAsync(string user, string home, SkelFile file)
    {
        var path = $"{home.TrimEnd('/')}/{file.Path}";
        var stat = await RunAsync(FileStatus.Command(path));
        if (!stat.Succeeded)
        {
            var skel = await RunAsync($"ls -l {ShellQuote.Single("/etc/skel/" + file.Path)} 2>&1 || true");
            return [$"~/{file.Path} is missing (/etc/skel: {skel.StandardOutput.Trim()})"];
        }

        var status = FileStatus.Parse(stat.StandardOutput);
        Report.Parameter($"~/{file.Path}", status.ToString());
        var problems = new List<string>();
        if (!status.IsRegularFile)
        {
            problems.Add($"~/{file.Path} is a {status.Type}, not a regular file");
        }

        if (status.Owner != user || status.Group != user)
        {
            problems.Add($"~/{file.Path} is owned by {status.Owner}:{status.Group}, not {user}:{user}");
        }

        if (file.Mode is { } mode && status.Mode != mode)
        {
            problems.Add($"~/{file.Path} has mode {status.ModeText}, not {file.ModeText}");
        }
        else if (file.Mode is null && status.IsGroupOrWorldWritable)
        {
            problems.Add($"~/{file.Path} is writable by group or others ({status.ModeText})");
        }

        if (file.Keys.Count == 0 && file.Contains.Count == 0)
        {
            return problems;
        }

        var text = (await MustAsync($"cat -- {ShellQuote.Single(path)}")).StandardOutput;
        Report.Attach($"~/{file.Path}", text);
        var config = KdeConfig.Parse(text);
        foreach (var setting in file.Keys)
        {
            var actual = config.Get(setting.Group, setting.Key);
            if (actual != setting.Value)
            {
                problems.Add($"~/{file.Path} {setting.Name} is {(actual is null ? "missing" : $"'{actual}'")}, not '{setting.Value}'");
            }
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(file.Contains.Where(l => !lines.Contains(l)).Select(l => $"~/{file.Path} lacks the line '{l}'"));
        return problems;
    }
}
