using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Tests.Targets.Vm;

public class ReferenceVmTargetSkuTests
{
    [Test]
    public void Under_TCG_every_boot_carries_the_tcg_slow_word_after_the_faults_and_the_route()
    {
        ReferenceVmTarget.Sku(["nomodeset"], LuksPromptRoute.Keyboard, Accelerator.Tcg)
            .Should().Be("veilorqa,nomodeset,luks-prompt-screen,tcg-slow");
        ReferenceVmTarget.Sku([], LuksPromptRoute.Serial, Accelerator.Tcg).Should().Be("veilorqa,tcg-slow");
    }

    [Test]
    public void Under_KVM_no_boot_carries_the_tcg_slow_word()
    {
        ReferenceVmTarget.Sku(["nomodeset", "9p-blocked"], LuksPromptRoute.Keyboard, Accelerator.Kvm)
            .Should().Be("veilorqa,nomodeset,9p-blocked,luks-prompt-screen");
        ReferenceVmTarget.Sku([], LuksPromptRoute.Serial, Accelerator.Kvm).Should().Be("veilorqa");
    }
}
