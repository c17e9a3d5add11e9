using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Keyboard;

namespace VeilorQA.Harness.Tests.Channels.Keyboard;

/// <summary>The Linux keycodes VirtualMachine hands to libvirt's send-key, one call per combo.</summary>
[TestFixture]
public sealed class SendKeyCodeTests
{
    private const uint LeftShift = 42;

    [Test]
    public void Lowercase_text_is_one_plain_key_per_character()
    {
        KeyboardLayout.Us.Type("qa 1\n").Select(p => p.LinuxKeycodes).Should().BeEquivalentTo(
            new[] { new uint[] { 16 }, [30], [57], [2], [28] }, o => o.WithStrictOrdering());
    }

    [Test]
    public void Capitals_and_upper_symbols_are_typed_with_shift()
    {
        var presses = KeyboardLayout.Us.Type("A!_:\"|~");

        presses.Should().OnlyContain(p => p.LinuxKeycodes.Length == 2 && p.LinuxKeycodes[0] == LeftShift);
        presses.Select(p => p.LinuxKeycodes[1]).Should().Equal(30u, 2u, 12u, 39u, 40u, 43u, 41u);
    }

    [Test]
    public void Lower_symbols_need_no_shift()
    {
        KeyboardLayout.Us.Type("-=[];',./\\`").Select(p => p.LinuxKeycodes.Single())
            .Should().Equal(12u, 13u, 26u, 27u, 39u, 40u, 51u, 52u, 53u, 43u, 41u);
    }

    [Test]
    public void A_character_without_a_us_key_is_named_with_its_position()
    {
        var act = () => KeyboardLayout.Us.Type("ab€");

        act.Should().Throw<ArgumentException>().WithMessage("*U+20AC*position 2*");
    }

    [Test]
    public void A_combination_lists_its_keys_in_order()
    {
        KeyboardLayout.Us.Parse("ctrl-alt-delete").LinuxKeycodes.Should().Equal(29u, 56u, 111u);
        KeyboardLayout.Us.Parse("ret").LinuxKeycodes.Should().Equal(28u);
        KeyboardLayout.Us.Parse("Alt-F2").LinuxKeycodes.Should().Equal(56u, 60u);
        KeyboardLayout.Us.Parse("shift-minus").LinuxKeycodes.Should().Equal(42u, 12u);
    }

    [Test]
    public void An_unknown_key_name_is_reported_with_the_known_ones()
    {
        var act = () => KeyboardLayout.Us.Parse("ctrl-hyper");

        act.Should().Throw<FormatException>().WithMessage("*'ctrl-hyper'*Unknown key 'hyper'*ret*");
    }
}
