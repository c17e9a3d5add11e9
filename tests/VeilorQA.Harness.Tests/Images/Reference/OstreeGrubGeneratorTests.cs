using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Guest;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Images.Reference;

/// <summary>
/// The reference guest's grub.cfg generator (vms/reference/rootfs/usr/libexec/veilorqa/ostree-grub-generator) run on a
/// sample ostree boot entry; its SKU header is then evaluated for a given SMBIOS SKU. The header uses a subset of grub's
/// script language that sh runs the same way once <c>set NAME=VALUE</c> becomes <c>NAME=VALUE</c>, <c>smbios</c> yields
/// the SKU and <c>regexp</c> is an extended-regex search (grub's).
/// </summary>
public class OstreeGrubGeneratorTests
{
    private static readonly string Generator =
        Path.Combine(MatrixSamples.RepositoryRoot, "vms", "reference", "rootfs", "usr", "libexec", "veilorqa", "ostree-grub-generator");

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private const string Entry = """
        title Debian GNU/Linux 12 (bookworm) (ostree:0)
        version 1
        options root=UUID=0f3c rw ostree=/ostree/boot.1/default/9d1e/0
        linux /ostree/default-9d1e/vmlinuz-6.1.0-50-amd64
        initrd /ostree/default-9d1e/initramfs-6.1.0-50-amd64.img

        """;

    [Test]
    public async Task The_tcg_slow_word_raises_the_soft_lockup_threshold_on_the_kernel_command_line()
    {
        var arguments = await KernelArgumentsForAsync($"veilorqa,luks-prompt-screen,{ReferenceVmTarget.TcgSlowWord}");

        arguments.Should().Contain(ReferenceVmTarget.TcgSlowKernelArgument).And.Contain(ReferenceVmTarget.TcgSlowRcuArgument).And.Contain("console=tty0").And.NotContain("console=ttyS0,115200");
    }

    [Test]
    public async Task Without_the_word_the_kernel_keeps_its_default_threshold_and_the_faults_still_apply()
    {
        var arguments = await KernelArgumentsForAsync("veilorqa,nomodeset");

        arguments.Should().Contain("nomodeset").And.Contain("console=ttyS0,115200").And.NotContain(a => a.StartsWith("watchdog_thresh=", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_word_and_a_kernel_argument_fault_both_reach_the_command_line()
    {
        var arguments = await KernelArgumentsForAsync($"veilorqa,nomodeset,{ReferenceVmTarget.TcgSlowWord}");

        arguments.Should().Contain("nomodeset").And.Contain(ReferenceVmTarget.TcgSlowKernelArgument).And.Contain("root=UUID=0f3c");
    }

    /// <summary>The arguments of the default menu entry's <c>linux</c> line as grub would expand them for <paramref name="sku"/>.</summary>
    private static async Task<IReadOnlyList<string>> KernelArgumentsForAsync(string sku)
    {
        using var scratch = new ScratchDirectory("grub-generator");
        var loader = Path.Combine(scratch.Path, "loader.1");
        Directory.CreateDirectory(Path.Combine(loader, "entries"));
        await File.WriteAllTextAsync(Path.Combine(loader, "entries", "ostree-1-default.conf"), Entry);
        var config = Path.Combine(loader, "grub.cfg");
        await ExternalCommand.RunCheckedAsync("sh", [Generator, "-o", config], Generous);

        var lines = await File.ReadAllLinesAsync(config);
        var header = lines.TakeWhile(l => !l.StartsWith("menuentry ", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^(\s*)set (\w+=)", "$1$2"));
        var linux = lines.Single(l => l.TrimStart().StartsWith("linux ", StringComparison.Ordinal)).Trim();
        var script = string.Join('\n',
            "smbios() { vq_sku=\"$VQ_TEST_SKU\"; }",
            "regexp() { printf '%s' \"$2\" | grep -Eq -- \"$1\"; }",
            "load_env() { :; }",
            "save_env() { :; }",
            string.Join('\n', header),
            "cat <<EXPANDED",
            linux,
            "EXPANDED",
            string.Empty);
        var expanded = await ExternalCommand.RunCheckedAsync("sh", ["-c", $"VQ_TEST_SKU='{sku}'; prefix=/nonexistent\n{script}"], Generous);
        return expanded.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }
}
