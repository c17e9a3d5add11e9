using System.Diagnostics;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Firewall;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Firewall (release blocker "firewalld tailscale0 zone"): firewalld is the active firewall on the nftables backend, its
/// default zone does not accept everything, and <c>tailscale0</c> belongs to the zone veilor chose (matrix setting
/// <c>tailscale_zone</c>, never the default zone: there, forwarding for an exit node or subnet routes is blocked, and
/// tailscale does not bind the interface itself) — in the runtime and the permanent configuration, when the interface
/// appears after firewalld started (as tailscaled creates it: the suite creates a tun device of that name when none
/// exists and removes it afterwards), after <c>firewall-cmd --reload</c> and after a reboot.
/// </summary>
[ReleaseSuite("firewall")]
[RebootsOrSuspends]
[Order(10)]
public sealed class FirewallSuite : TargetFixture
{
    /// <summary>The interface tailscaled creates.</summary>
    public const string Interface = "tailscale0";

    /// <summary>veilor's choice when the matrix names none: tailscale's documented zone for firewalld.</summary>
    public const string DefaultTailscaleZone = "trusted";

    // NetworkManager (and firewalld through it) acts on a new interface within a second or two; a binding that moves
    // later than this would move on a real system too, so the suite watches this long.
    private static readonly TimeSpan SettleWatch = TimeSpan.FromSeconds(15);

    private string Zone => Settings.TailscaleZone ?? DefaultTailscaleZone;

    [OneTimeSetUp]
    public Task WaitForStartUpToFinishAsync() => BootCompletion.WaitAsync(Shell, Target.Timeouts.Boot);

    [Test, Order(1)]
    public async Task Firewalld_is_active_and_is_the_firewall_in_use_on_the_nftables_backend()
    {
        var probe = new FirewallProbe(Shell);
        var active = (await RunAsync("systemctl is-active firewalld.service")).StandardOutput.Trim();
        var state = await probe.StateAsync();
        var tables = await probe.TablesAsync();
        Report.Parameter("firewalld.service", active);
        Report.Parameter("firewall-cmd --state", state);
        Report.Parameter("FirewallBackend (firewalld.conf)", await probe.ConfiguredBackendAsync() ?? "(not set)");
        Report.Attach("nft list tables", string.Join("\n", tables));
        Assert.That(active, Is.EqualTo("active"), $"firewall: firewalld.service is '{active}', not active: no firewall zone applies to any interface");
        Assert.That(state, Is.EqualTo("running"), $"firewall: firewall-cmd --state says '{state}', not running");
        Assert.That(tables, Does.Contain(NftTable.Firewalld),
            $"firewall: the kernel's nftables ruleset has no '{NftTable.Firewalld}' ({string.Join(", ", tables)}): firewalld does not filter through the nftables backend");

        var others = (await RunAsync("for u in nftables.service iptables.service ip6tables.service ufw.service; do [ \"$(systemctl is-active $u 2>/dev/null)\" = active ] && echo $u; done; true"))
            .StandardOutput;
        Assert.That(Lines(others), Is.Empty, $"firewall: another firewall service is active beside firewalld: {string.Join(", ", Lines(others))}");
    }

    [Test, Order(2)]
    public async Task The_default_zone_does_not_accept_everything_and_is_not_the_tailscale_zone()
    {
        var probe = new FirewallProbe(Shell);
        var defaultZone = await probe.DefaultZoneAsync();
        var zone = await probe.ZoneAsync(defaultZone, permanent: false);
        Report.Attach($"firewall-cmd --info-zone={defaultZone}", zone.ToString());
        Report.Parameter("default zone", defaultZone);
        Assert.That(zone.AcceptsEverything, Is.False, $"firewall: the default zone '{defaultZone}' has target ACCEPT: it accepts every connection ({zone})");
        Assert.That(zone.OpensEveryPort, Is.False, $"firewall: the default zone '{defaultZone}' opens every TCP and UDP port ({zone})");
        Assert.That(defaultZone, Is.Not.EqualTo(Zone),
            $"firewall: the default zone is '{defaultZone}', the same zone veilor chose for {Interface} (tailscale_zone): every interface would get what tailscale0 needs");
    }

    [Test, Order(3)]
    public async Task Tailscale0_is_bound_to_the_chosen_zone_in_the_permanent_and_the_runtime_configuration()
    {
        var probe = new FirewallProbe(Shell);
        await JudgeBindingAsync(probe, "in the configuration firewalld started with");
    }

    [Test, Order(4)]
    public async Task When_tailscale0_appears_after_firewalld_started_it_lands_and_stays_in_the_chosen_zone()
    {
        await WithInterfaceAsync("when the interface appears after firewalld started", _ => Task.CompletedTask);
    }

    [Test, Order(5)]
    public async Task After_firewall_cmd_reload_tailscale0_is_still_in_the_chosen_zone()
    {
        await WithInterfaceAsync("after firewall-cmd --reload", async probe =>
        {
            await Report.StepAsync("firewall-cmd --reload", () => MustAsync("firewall-cmd --reload"));
            Assert.That(await probe.StateAsync(), Is.EqualTo("running"), "firewall: firewalld is not running after firewall-cmd --reload");
        });
    }

    [Test, Order(6)]
    public async Task After_a_reboot_tailscale0_is_still_in_the_chosen_zone()
    {
        // A reboot the harness can finish needs someone to answer the LUKS prompt: the target's console (a skip here names
        // the capability, so a bench without one can waive exactly this check).
        Require<ISerialConsole>();

        var clock = Stopwatch.StartNew();
        await Report.StepAsync("reboot the target", async () =>
        {
            try
            {
                await Target.RebootAsync();
            }
            catch (CapabilityMissingException e)
            {
                Assert.Ignore($"needs a reboot the harness can finish: {e.Message}");
            }
        });
        await BootCompletion.WaitAsync(Shell, Target.Timeouts.Boot);
        Report.Parameter("reboot to start-up finished", $"{clock.Elapsed.TotalSeconds:0.0} s");
        var state = await new FirewallProbe(Shell).StateAsync();
        Assert.That(state, Is.EqualTo("running"), $"firewall: after the reboot firewall-cmd --state says '{state}'");
        await WithInterfaceAsync("after a reboot", _ => Task.CompletedTask);
    }

    /// <summary>Makes sure tailscale0 exists (created like tailscaled does when there is none), runs <paramref name="act"/>,
    /// judges the binding while watching it settle, and removes the interface it created.</summary>
    private async Task WithInterfaceAsync(string when, Func<FirewallProbe, Task> act)
    {
        var probe = new FirewallProbe(Shell);
        var tun = new TunDevice(Shell, Interface);
        try
        {
            var created = await Report.StepAsync($"bring up {Interface} (a tun device, as tailscaled does)", () => tun.EnsureAsync());
            Report.Parameter($"{Interface} {when}", created ? "created by the suite" : "already there (left alone)");
            await act(probe);
            await WatchRuntimeZoneAsync(probe, when);
            await JudgeBindingAsync(probe, when);
        }
        finally
        {
            await Report.StepAsync($"remove the {Interface} the suite created", () => tun.RemoveAsync());
        }
    }

    /// <summary>Samples the runtime zone of the interface for <see cref="SettleWatch"/>: it must be the chosen zone every time.</summary>
    private async Task WatchRuntimeZoneAsync(FirewallProbe probe, string when)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        // Not a wait for a state but a watch that a state holds: the first wrong sample fails, the last one is at the end of
        // the watch (the poll's budget, counted after the clock's start, never runs out first).
        await new Poll($"the runtime zone of {Interface} to stay '{Zone}' for {SettleWatch.TotalSeconds:0} s", SettleWatch).Every(TimeSpan.FromSeconds(1))
            .UntilAsync(async ct =>
            {
                var zone = await probe.ZoneOfInterfaceAsync(Interface, permanent: false, ct);
                seen.Add($"{clock.Elapsed.TotalSeconds:0.0}s:{zone ?? "(no zone)"}");
                if (zone != Zone)
                {
                    await FailWrongZoneAsync(probe, zone, $"{when} (runtime, {clock.Elapsed.TotalSeconds:0.0} s after it was up)", string.Join(" ", seen));
                }

                return clock.Elapsed >= SettleWatch ? PollOutcome<bool>.Done(true) : PollOutcome<bool>.NotYet(string.Join(" ", seen));
            });

        Report.Parameter($"runtime zone of {Interface} {when}", string.Join(" ", seen));
    }

    private async Task JudgeBindingAsync(FirewallProbe probe, string when)
    {
        var permanent = await probe.ZoneOfInterfaceAsync(Interface, permanent: true);
        Report.Parameter($"permanent zone of {Interface} {when}", permanent ?? "(no zone)");
        if (permanent != Zone)
        {
            await FailWrongZoneAsync(probe, permanent, $"{when} (permanent configuration)", null);
        }

        var runtime = await probe.ZoneOfInterfaceAsync(Interface, permanent: false);
        Report.Parameter($"runtime zone of {Interface} {when} (final)", runtime ?? "(no zone)");
        if (runtime != Zone)
        {
            await FailWrongZoneAsync(probe, runtime, $"{when} (runtime)", null);
        }

        var zone = await probe.ZoneAsync(Zone, permanent: false);
        Report.Attach($"firewall-cmd --info-zone={Zone} {when}", zone.ToString());
        Assert.That(zone.Interfaces, Does.Contain(Interface), $"firewall: zone '{Zone}' does not list {Interface} {when} ({zone})");
    }

    private async Task FailWrongZoneAsync(FirewallProbe probe, string? zone, string when, string? samples)
    {
        var defaultZone = await probe.DefaultZoneAsync();
        var where = zone is null
            ? "in no zone, so firewalld treats it as the default zone '" + defaultZone + "'"
            : zone == defaultZone ? $"in zone '{zone}' — the default zone" : $"in zone '{zone}'";
        Assert.Fail($"firewall: {Interface} is {where}, not in zone '{Zone}' (tailscale_zone) {when}: exit-node and subnet-route forwarding is blocked"
                    + (samples is null ? string.Empty : $" [samples: {samples}]"));
    }
}
