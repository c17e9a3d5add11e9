using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Libvirt;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>Exercises the bindings against libvirt's in-process test driver: real libvirt.so.0, no daemon.</summary>
[TestFixture]
public sealed class LibvirtConnectionTests
{
    private LibvirtConnection _connection = null!;

    [SetUp]
    public void Open() => _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = TestDriverDomain.Uri });

    [TearDown]
    public void Close() => _connection.Dispose();

    [Test]
    public void A_defined_domain_is_found_by_name_and_listed_until_undefined()
    {
        var name = TestDriverDomain.UniqueName("define");
        using (var defined = _connection.Define(TestDriverDomain.Xml(name)))
        {
            defined.Name.Should().Be(name);
            defined.Uuid.Should().MatchRegex("^[0-9a-f-]{36}$");
            defined.IsPersistent.Should().BeTrue();
            defined.GetState().State.Should().Be(DomainState.ShutOff);
        }

        using (var found = _connection.Lookup(name))
        {
            _connection.ListAll().Select(d => d.Name).Should().Contain(name);
            found.Undefine();
        }

        _connection.TryLookup(name).Should().BeNull();
        _connection.ListAll().Select(d => d.Name).Should().NotContain(name);
    }

    [Test]
    public void Looking_up_a_missing_domain_carries_libvirts_code_and_message()
    {
        var act = () => _connection.Lookup("veilorqa-no-such-domain");

        var error = act.Should().Throw<LibvirtException>().Which;
        error.Code.Should().Be(LibvirtErrorCode.NoDomain);
        error.LibvirtMessage.Should().Contain("not found");
        error.Message.Should().Contain("virDomainLookupByName(veilorqa-no-such-domain)").And.Contain("libvirt error 42");
    }

    [Test]
    public void Malformed_domain_xml_is_rejected_with_an_xml_error()
    {
        var act = () => _connection.Define("<domain type='test'><name>broken</name>");

        act.Should().Throw<LibvirtException>().Which.Code.Should().BeOneOf(LibvirtErrorCode.XmlError, LibvirtErrorCode.XmlDetail, LibvirtErrorCode.XmlInvalidSchema);
    }

    [Test]
    public void A_domain_runs_through_start_pause_resume_and_destroy_with_states_and_reasons()
    {
        using var domain = _connection.Define(TestDriverDomain.Xml(TestDriverDomain.UniqueName("states")));
        try
        {
            domain.Start();
            domain.GetState().State.Should().Be(DomainState.Running);
            domain.IsActive.Should().BeTrue();

            domain.Suspend();
            domain.GetState().Should().Be(new DomainStateInfo(DomainState.Paused, 1)); // 1 = paused by user

            domain.Resume();
            domain.GetState().State.Should().Be(DomainState.Running);

            domain.Destroy();
            domain.GetState().State.Should().Be(DomainState.ShutOff);
            domain.IsActive.Should().BeFalse();
        }
        finally
        {
            domain.Undefine();
        }
    }

    [Test]
    public async Task Lifecycle_events_of_a_domain_arrive_in_order_from_the_event_loop()
    {
        var name = TestDriverDomain.UniqueName("events");
        using var subscription = _connection.SubscribeLifecycle(name);
        var raised = new List<DomainLifecycleEvent>();
        _connection.DomainLifecycleChanged += (_, e) =>
        {
            if (e.DomainName == name)
            {
                lock (raised)
                {
                    raised.Add(e);
                }
            }
        };

        using var domain = _connection.Define(TestDriverDomain.Xml(name));
        domain.Start();
        domain.Suspend();
        domain.Resume();
        domain.Destroy();
        domain.Undefine();

        var kinds = new List<DomainLifecycleKind>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (kinds.Count < 6)
        {
            kinds.Add((await subscription.Events.ReadAsync(timeout.Token)).Kind);
        }

        kinds.Should().Equal(
            DomainLifecycleKind.Defined,
            DomainLifecycleKind.Started,
            DomainLifecycleKind.Suspended,
            DomainLifecycleKind.Resumed,
            DomainLifecycleKind.Stopped,
            DomainLifecycleKind.Undefined);
        await WaitUntilAsync(() => { lock (raised) { return raised.Count >= 6; } });
    }

    [Test]
    public void A_transient_domain_disappears_when_destroyed()
    {
        var name = TestDriverDomain.UniqueName("transient");
        using var domain = _connection.CreateTransient(TestDriverDomain.Xml(name));

        domain.IsPersistent.Should().BeFalse();
        domain.GetState().State.Should().Be(DomainState.Running);
        domain.Destroy();

        _connection.TryLookup(name).Should().BeNull();
    }

    [Test]
    public void A_screenshot_comes_back_as_image_bytes_with_a_mime_type()
    {
        using var domain = _connection.CreateTransient(TestDriverDomain.Xml(TestDriverDomain.UniqueName("screen")));
        try
        {
            var shot = domain.Screenshot();

            shot.MimeType.Should().StartWith("image/");
            shot.Data.Length.Should().BeGreaterThan(100);
        }
        finally
        {
            domain.Destroy();
        }
    }

    [Test]
    public void Send_key_accepts_a_combination_and_refuses_more_than_libvirts_limit()
    {
        using var domain = _connection.CreateTransient(TestDriverDomain.Xml(TestDriverDomain.UniqueName("keys")));
        try
        {
            domain.SendKeys([29, 56, 111]); // ctrl-alt-delete in Linux keycodes

            var tooMany = () => domain.SendKeys(Enumerable.Repeat(30u, 17).ToList());
            tooMany.Should().Throw<ArgumentException>();
        }
        finally
        {
            domain.Destroy();
        }
    }

    [Test]
    public void A_saved_domain_stops_and_its_file_holds_its_xml_until_restored()
    {
        var name = TestDriverDomain.UniqueName("save");
        var path = Path.Combine(Path.GetTempPath(), name + ".save");
        using var domain = _connection.CreateTransient(TestDriverDomain.Xml(name));
        try
        {
            domain.Save(path);

            _connection.TryLookup(name).Should().BeNull();
            _connection.GetSavedStateXml(path).Should().Contain($"<name>{name}</name>");

            using var restored = _connection.Restore(path);
            restored.Name.Should().Be(name);
            restored.GetState().State.Should().Be(DomainState.Running);
            restored.Destroy();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Domain_xml_reads_back_what_was_defined()
    {
        var name = TestDriverDomain.UniqueName("xml");
        using var domain = _connection.Define(TestDriverDomain.Xml(name));
        try
        {
            domain.GetXml(DomainXmlFlags.Inactive).Should().Contain($"<name>{name}</name>").And.Contain("<memory unit='KiB'>65536</memory>");
        }
        finally
        {
            domain.Undefine();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 10 s");
            await Task.Delay(20);
        }
    }
}
