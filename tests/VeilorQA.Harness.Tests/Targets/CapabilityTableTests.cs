using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets;

namespace VeilorQA.Harness.Tests.Targets;

/// <summary>One table answers both "what does this target offer" and "why not".</summary>
public class CapabilityTableTests
{
    [Test]
    public void An_offered_capability_is_handed_out_and_a_lacking_one_says_why()
    {
        var screen = new FakeScreen();
        var table = new CapabilityTable("laptop x1")
            .Offer<IScreen>(screen)
            .Lack<IUsbPort>("usb_hotplug: none in the matrix");

        table.Get<IScreen>().Should().BeSameAs(screen);
        table.Get<IUsbPort>().Should().BeNull();
        table.WhyMissing<IUsbPort>().Should().Be("usb_hotplug: none in the matrix");
    }

    [Test]
    public void A_capability_the_table_never_mentions_is_missing_naming_the_target()
    {
        var table = new CapabilityTable("VM target refvm");

        table.Get<IPower>().Should().BeNull();
        table.WhyMissing<IPower>().Should().Be("VM target refvm has no IPower");
    }

    [Test]
    public void An_instance_offered_only_when_there_is_one_lacks_for_the_reason_given_otherwise()
    {
        var table = new CapabilityTable("laptop x1")
            .Offer<IPower>((IPower?)null, otherwise: "no power adapter")
            .Offer<IScreen>(new FakeScreen(), otherwise: "never shown");

        table.Get<IPower>().Should().BeNull();
        table.WhyMissing<IPower>().Should().Be("no power adapter");
        table.Get<IScreen>().Should().NotBeNull();
    }

    [Test]
    public void A_capability_that_exists_only_at_times_is_asked_for_at_each_get()
    {
        FakeScreen? current = null;
        var table = new CapabilityTable("VM target refvm").Offer<IScreen>(() => current, "VM target refvm is not booted yet");

        table.Get<IScreen>().Should().BeNull();
        table.WhyMissing<IScreen>().Should().Be("VM target refvm is not booted yet");
        current = new FakeScreen();
        table.Get<IScreen>().Should().BeSameAs(current);
    }

    [Test]
    public void Each_capability_has_one_line_and_is_an_interface()
    {
        var table = new CapabilityTable("laptop x1").Lack<IPower>("no power adapter");

        var twice = () => table.Offer<IPower>((IPower?)null, otherwise: "again");
        var notAnInterface = () => table.Offer(new FakeScreen());

        twice.Should().Throw<InvalidOperationException>().WithMessage("laptop x1: *already has a line for IPower*");
        notAnInterface.Should().Throw<ArgumentException>().WithMessage("*FakeScreen*");
        table.Mentioned.Should().Equal(typeof(IPower));
    }

    [Test]
    public void A_table_that_delegates_the_rest_answers_from_the_other_target_once_there_is_one()
    {
        var screen = new FakeScreen();
        var installed = new CapabilityTable("VM target refiso (installed)").Offer<IScreen>(screen).Lack<IUsbPort>("no USB controller (usb: none)");
        TableTarget? system = null;
        var ownScreen = new FakeScreen();
        var installer = new CapabilityTable("VM target refiso")
            .Offer<IScreen>(() => system is null ? ownScreen : null, "the installer's own line")
            .DelegateRest(() => system, "VM target refiso is not installed yet");

        installer.Get<IUsbPort>().Should().BeNull();
        installer.WhyMissing<IUsbPort>().Should().Be("VM target refiso is not installed yet");
        installer.Get<IScreen>().Should().BeSameAs(ownScreen, "a line of its own wins over the delegate");
        system = new TableTarget(installed);

        installer.Get<IUsbPort>().Should().BeNull();
        installer.WhyMissing<IUsbPort>().Should().Be("no USB controller (usb: none)");
        installer.WhyMissing<ISleep>().Should().Be("VM target refiso (installed) has no ISleep");
        installer.Get<IScreen>().Should().BeNull("its own line still answers, now with nothing");
        installer.Mentioned.Should().Equal(typeof(IScreen));
        var twice = () => installer.DelegateRest(() => null, "again");
        twice.Should().Throw<InvalidOperationException>().WithMessage("VM target refiso: *already hands the rest*");
    }

    [Test]
    public void A_delegated_capability_is_whatever_the_other_target_offers_now()
    {
        var screen = new FakeScreen();
        var system = new TableTarget(new CapabilityTable("VM target refiso (installed)").Offer<IScreen>(screen));
        var installer = new CapabilityTable("VM target refiso").DelegateRest(() => system, "not installed");

        installer.Get<IScreen>().Should().BeSameAs(screen);
        installer.Get<IPower>().Should().BeNull();
        installer.WhyMissing<IPower>().Should().Be("VM target refiso (installed) has no IPower");
    }

    /// <summary>A target that is only its table: what delegation reads.</summary>
    private sealed class TableTarget(CapabilityTable table) : ITarget
    {
        public TargetEntry Definition => throw new NotSupportedException();

        public TargetTimeouts Timeouts => TargetTimeouts.Vm;

        public WifiNetwork? Wifi => null;

        public Secret? LuksPassphrase => null;

        public IShell Shell => throw new NotSupportedException();

        public CapabilityTable Capabilities => table;

        public T? Get<T>() where T : class => table.Get<T>();

        public string WhyMissing<T>() where T : class => table.WhyMissing<T>();

        public Task EnsureReadyAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RebootAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EvidenceFile>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FakeScreen : IScreen
    {
        public Task CaptureAsync(string pngPath, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
