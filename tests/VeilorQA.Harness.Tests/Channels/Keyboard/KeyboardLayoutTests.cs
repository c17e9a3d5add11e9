using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Keyboard;

namespace VeilorQA.Harness.Tests.Channels.Keyboard;

public class KeyboardLayoutTests
{
    private const uint LeftShift = 42;
    private const string InputEventCodes = "/usr/include/linux/input-event-codes.h";

    // The US keyboard written out independently of the layout under test: each row's unshifted and
    // shifted characters and the Linux keycode of its first key (rows are contiguous in Linux's numbering).
    private static readonly (string Plain, string Shifted, uint FirstCode)[] UsRows =
    [
        ("1234567890-=", "!@#$%^&*()_+", 2),
        ("qwertyuiop[]", "QWERTYUIOP{}", 16),
        ("asdfghjkl;'`", "ASDFGHJKL:\"~", 30),
        ("\\zxcvbnm,./", "|ZXCVBNM<>?", 43),
    ];

    private static readonly KeyboardLayout Us = KeyboardLayout.Us;

    [Test]
    public void Every_printable_ascii_character_types_as_the_us_key_with_shift_where_needed()
    {
        var expected = new Dictionary<char, uint[]> { [' '] = [57] };
        foreach (var (plain, shifted, first) in UsRows)
        {
            for (var i = 0; i < plain.Length; i++)
            {
                expected[plain[i]] = [first + (uint)i];
                expected[shifted[i]] = [LeftShift, first + (uint)i];
            }
        }

        var printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray();
        expected.Keys.Should().BeEquivalentTo(printable, "the reference table itself must cover printable ASCII");

        var typed = Us.Type(new string(printable));

        typed.Should().HaveCount(95);
        for (var i = 0; i < printable.Length; i++)
        {
            typed[i].LinuxKeycodes.Should().Equal(expected[printable[i]], $"'{printable[i]}' is typed as {typed[i]}");
        }
    }

    [Test]
    public void Every_key_code_agrees_with_the_kernel_header()
    {
        if (!File.Exists(InputEventCodes))
        {
            Assert.Ignore($"{InputEventCodes} is missing (install linux-libc-dev) so the codes cannot be cross-checked.");
        }

        var defined = File.ReadLines(InputEventCodes)
            .Select(line => Regex.Match(line, @"^#define\s+(KEY_\w+)\s+(\d+)\b"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => uint.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

        Us.Keys.Should().HaveCountGreaterThan(90);
        foreach (var key in Us.Keys)
        {
            defined.Should().ContainKey(key.LinuxName, $"key {key.Name}");
            key.LinuxCode.Should().Be(defined[key.LinuxName], $"key {key.Name} is {key.LinuxName}");
        }
    }

    [Test]
    public void Key_names_and_codes_are_unique()
    {
        Us.Keys.Select(k => k.Name).Should().OnlyHaveUniqueItems();
        Us.Keys.Select(k => k.LinuxCode).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Newline_and_tab_type_as_return_and_tab()
    {
        Us.Type("a\tb\n").Select(c => c.ToString()).Should().Equal("a", "tab", "b", "ret");
    }

    [Test]
    public void A_character_a_us_keyboard_cannot_type_is_named_with_its_position()
    {
        var type = () => Us.Type("pass€word");

        type.Should().Throw<ArgumentException>().Which.Message.Should().Contain("U+20AC at position 4");
    }

    [TestCase("ctrl-alt-delete", "ctrl-alt-delete", new uint[] { 29, 56, 111 })]
    [TestCase("ret", "ret", new uint[] { 28 })]
    [TestCase("Enter", "ret", new uint[] { 28 })]
    [TestCase("tab", "tab", new uint[] { 15 })]
    [TestCase("f2", "f2", new uint[] { 60 })]
    [TestCase("F12", "f12", new uint[] { 88 })]
    [TestCase("shift-a", "shift-a", new uint[] { 42, 30 })]
    [TestCase("ctrl-c", "ctrl-c", new uint[] { 29, 46 })]
    [TestCase("ctrl-A", "ctrl-shift-a", new uint[] { 29, 42, 30 })]
    [TestCase("ctrl-?", "ctrl-shift-slash", new uint[] { 29, 42, 53 })]
    [TestCase("ctrl--", "ctrl-minus", new uint[] { 29, 12 })]
    [TestCase("-", "minus", new uint[] { 12 })]
    [TestCase("alt-f4", "alt-f4", new uint[] { 56, 62 })]
    [TestCase("super-l", "meta_l-l", new uint[] { 125, 38 })]
    [TestCase("alt-sysrq-b", "alt-sysrq-b", new uint[] { 56, 99, 48 })]
    [TestCase("esc", "esc", new uint[] { 1 })]
    [TestCase("a-shift", "shift-a", new uint[] { 42, 30 })]
    public void A_combo_parses_to_qcodes_and_linux_keycodes(string combo, string qcodes, uint[] codes)
    {
        var parsed = Us.Parse(combo);

        parsed.ToString().Should().Be(qcodes);
        parsed.LinuxKeycodes.Should().Equal(codes);
    }

    [Test]
    public void A_combo_lists_linux_key_names_for_virsh()
    {
        Us.Parse("ctrl-alt-f2").LinuxNames.Should().Equal("KEY_LEFTCTRL", "KEY_LEFTALT", "KEY_F2");
    }

    [TestCase("ctrl-banana", "banana")]
    [TestCase("ctrl--alt", "empty key name")]
    public void An_unknown_key_name_is_named(string combo, string expected)
    {
        var parse = () => Us.Parse(combo);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected).And.Contain(combo);
    }

    [Test]
    public void Equal_combos_compare_equal()
    {
        Us.Parse("shift-a").Should().Be(Us.Type("A")[0]);
        Us.Parse("ctrl-c").Should().NotBe(Us.Parse("ctrl-v"));
    }
}
