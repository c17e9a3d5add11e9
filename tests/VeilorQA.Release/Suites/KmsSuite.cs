using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Guest.Drm;
using VeilorQA.Harness.Guest.KernelCmdline;

namespace VeilorQA.Release.Suites;

/// <summary>KMS modeset: a native DRM driver drives a connected output and nothing forced the firmware framebuffer.</summary>
[ReleaseSuite("kms")]
[Order(3)]
public sealed class KmsSuite : TargetFixture
{
    [Test]
    public async Task The_kernel_command_line_has_no_nomodeset()
    {
        var cmdline = await new KernelCmdlineProbe(Shell).ReadAsync();
        Report.Attach("/proc/cmdline", cmdline.Raw);
        Assert.That(cmdline.Arguments.Any(a => a.Name == "nomodeset"), Is.False, KmsFailures.NomodesetOnCommandLine(cmdline.Raw));
    }

    [Test]
    public async Task A_native_DRM_driver_drives_a_connected_output()
    {
        var state = await new DrmProbe(Shell).ReadAsync();
        Report.Attach("DRM state", state.ToString());
        Assert.That(state.KernelModesettingWorks, Is.True, state.Verdict);
    }
}
