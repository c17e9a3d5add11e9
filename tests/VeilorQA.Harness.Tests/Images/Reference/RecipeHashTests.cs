using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Tests.Images.Reference;

public class RecipeHashTests
{
    private string _recipe = null!;

    [SetUp]
    public void CreateRecipe()
    {
        _recipe = Path.Combine(Path.GetTempPath(), "veilorqa-test-recipe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_recipe, "rootfs", "etc"));
        File.WriteAllText(Path.Combine(_recipe, "build.sh"), "#!/bin/sh\necho build\n");
        File.WriteAllText(Path.Combine(_recipe, "packages.list"), "systemd\ndracut\n");
        File.WriteAllText(Path.Combine(_recipe, "rootfs", "etc", "hostname"), "veilorqa-ref\n");
    }

    [TearDown]
    public void RemoveRecipe() => Directory.Delete(_recipe, recursive: true);

    [Test]
    public void The_hash_is_stable_when_nothing_changes()
    {
        var first = RecipeHash.Compute(_recipe);

        var second = RecipeHash.Compute(_recipe);

        second.Should().Be(first).And.HaveLength(RecipeHash.Length).And.MatchRegex("^[0-9a-f]+$");
    }

    [Test]
    public void Changing_a_recipe_file_changes_the_hash()
    {
        var before = RecipeHash.Compute(_recipe);

        File.AppendAllText(Path.Combine(_recipe, "rootfs", "etc", "hostname"), "# changed\n");

        RecipeHash.Compute(_recipe).Should().NotBe(before);
    }

    [Test]
    public void Renaming_a_recipe_file_changes_the_hash()
    {
        var before = RecipeHash.Compute(_recipe);

        File.Move(Path.Combine(_recipe, "packages.list"), Path.Combine(_recipe, "packages.txt"));

        RecipeHash.Compute(_recipe).Should().NotBe(before);
    }

    [Test]
    public void Documentation_and_dev_files_do_not_change_the_hash()
    {
        var before = RecipeHash.Compute(_recipe);

        File.WriteAllText(Path.Combine(_recipe, "README.md"), "notes\n");
        Directory.CreateDirectory(Path.Combine(_recipe, "dev"));
        File.WriteAllText(Path.Combine(_recipe, "dev", "domain.xml.in"), "<domain/>\n");

        RecipeHash.Compute(_recipe).Should().Be(before);
    }

    [Test]
    public void The_hash_equals_what_the_recipe_hash_script_prints()
    {
        var script = Path.Combine(ReferenceGuestImage.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory), "recipe-hash.sh");
        File.Copy(script, Path.Combine(_recipe, "recipe-hash.sh"));
        Directory.CreateDirectory(Path.Combine(_recipe, "dev"));
        File.WriteAllText(Path.Combine(_recipe, "dev", "ignored"), "x");
        File.WriteAllText(Path.Combine(_recipe, "Zeta-upper"), "ordinal order puts this before lower case");

        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(_recipe, "recipe-hash.sh")]) { RedirectStandardOutput = true })!;
        var printed = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();

        process.ExitCode.Should().Be(0);
        RecipeHash.Compute(_recipe).Should().Be(printed);
    }

    [Test]
    public void The_cache_folder_is_named_by_the_recipe_hash()
    {
        var image = new ReferenceGuestImage(_recipe, "/var/cache/veilorqa-test/reference", TimeSpan.FromMinutes(1));

        image.CacheDirectory().Should().Be("/var/cache/veilorqa-test/reference/" + RecipeHash.Compute(_recipe));
    }
}
