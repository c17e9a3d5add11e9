using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Doctor.Targets;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Tests.Doctor.Targets;

/// <summary>Settings a laptop entry needs before anything connects: each broken one is its own failed check with its own fix.</summary>
public class LaptopDoctorSettingsTests
{
    [Test]
    public async Task A_missing_fingerprint_file_fails_the_pin_check_saying_how_to_write_it()
    {
        var laptop = Laptop() with { HostKeyFingerprint = null, HostKeyFingerprintFile = "/nonexistent/veilorqa/host.fingerprint" };

        var report = await LaptopDoctor.RunAsync(laptop);

        var pin = report.Results.Should().ContainSingle(r => r.Name == "SSH host key pin").Subject;
        pin.Status.Should().Be(CheckStatus.Fail);
        pin.Detail.Should().Contain("/nonexistent/veilorqa/host.fingerprint");
        pin.Fix.Should().Contain("ssh-keygen -lf");
        report.AllUsable.Should().BeFalse();
        report.Results.Should().NotContain(r => r.Name == "SSH reachable");
    }

    [Test]
    public async Task Agent_authentication_without_an_exported_key_fails_the_key_check()
    {
        var saved = Environment.GetEnvironmentVariable("VEILORQA_SSH_KEY");
        Environment.SetEnvironmentVariable("VEILORQA_SSH_KEY", null);
        try
        {
            var report = await LaptopDoctor.RunAsync(Laptop() with { KeyFile = null, UseAgent = true });

            var key = report.Results.Should().ContainSingle(r => r.Name == "SSH key").Subject;
            key.Status.Should().Be(CheckStatus.Fail);
            key.Detail.Should().Contain("agent");
            key.Fix.Should().Contain("VEILORQA_SSH_KEY");
        }
        finally
        {
            Environment.SetEnvironmentVariable("VEILORQA_SSH_KEY", saved);
        }
    }

    private static LaptopEntry Laptop() =>
        new("x1", null, "127.0.0.1", 22, "root", "/nonexistent/veilorqa/key", false, "SHA256:1evdzmX3BXKambLyuvIpxoicyvakZHnS/L1Qdz3rwtc", null, null,
            LaptopCapabilities.None, LaptopTimeouts.Default, LaptopAdapters.None);
}
