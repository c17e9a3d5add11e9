using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Libvirt.Keys;

namespace VeilorQA.Harness.Tests.Libvirt.Keys;

[TestFixture]
public sealed class KeyboardTests
{
    [Test]
    public void Lowercase_text_is_one_plain_key_per_character()
    {
        UsKeyboardLayout.ToKeyPresses("qa 1\n").Select(p => p.Keycodes).Should().BeEquivalentTo(
            new[] { new uint[] { 16 }, [30], [57], [2], [28] }, o => o.WithStrictOrdering());
    }

    [Test]
    public void Capitals_and_upper_symbols_are_typed_with_shift()
    {
        var presses = UsKeyboardLayout.ToKeyPresses("A!_:\"|~");

        presses.Should().OnlyContain(p => p.Keycodes.Count == 2 && p.Keycodes[0] == LinuxKeyCodes.LeftShift);
        presses.Select(p => p.Keycodes[1]).Should().Equal(30u, 2u, 12u, 39u, 40u, 43u, 41u);
    }

    [Test]
    public void Lower_symbols_need_no_shift()
    {
        UsKeyboardLayout.ToKeyPresses("-=[];',./\\`").Select(p => p.Keycodes.Single())
            .Should().Equal(12u, 13u, 26u, 27u, 39u, 40u, 51u, 52u, 53u, 43u, 41u);
    }

    [Test]
    public void A_character_without_a_us_key_is_named_with_its_position()
    {
        var act = () => UsKeyboardLayout.ToKeyPresses("ab€");

        act.Should().Throw<ArgumentException>().WithMessage("*U+20AC*position 2*");
    }

    [Test]
    public void A_combination_lists_its_keys_in_order()
    {
        KeyCombo.Parse("ctrl-alt-delete").Keycodes.Should().Equal(29u, 56u, 111u);
        KeyCombo.Parse("ret").Keycodes.Should().Equal(28u);
        KeyCombo.Parse("Alt-F2").Keycodes.Should().Equal(56u, 60u);
        KeyCombo.Parse("shift-minus").Keycodes.Should().Equal(42u, 12u);
    }

    [Test]
    public void An_unknown_key_name_is_reported_with_the_known_ones()
    {
        var act = () => KeyCombo.Parse("ctrl-hyper");

        act.Should().Throw<ArgumentException>().WithMessage("Unknown key 'hyper' in 'ctrl-hyper'*ret*");
    }
}
