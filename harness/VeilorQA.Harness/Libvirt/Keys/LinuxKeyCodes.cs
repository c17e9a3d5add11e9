namespace VeilorQA.Harness.Libvirt.Keys;

/// <summary>Linux input keycodes (linux/input-event-codes.h) by the names QEMU and os-autoinst use for keys.</summary>
public static class LinuxKeyCodes
{
    public const uint Esc = 1;
    public const uint Backspace = 14;
    public const uint Tab = 15;
    public const uint Enter = 28;
    public const uint LeftCtrl = 29;
    public const uint LeftShift = 42;
    public const uint LeftAlt = 56;
    public const uint Space = 57;
    public const uint Delete = 111;
    public const uint LeftMeta = 125;

    private static readonly Dictionary<string, uint> ByName = Build();

    /// <summary>Keycode of a key name (case-insensitive): <c>a</c>, <c>5</c>, <c>ret</c>, <c>ctrl</c>, <c>f2</c>, <c>pgdn</c>, <c>kp_enter</c>, ...</summary>
    public static bool TryGet(string name, out uint code) => ByName.TryGetValue(name, out code);

    /// <summary>All known key names, for error messages.</summary>
    public static IEnumerable<string> Names => ByName.Keys.Order(StringComparer.Ordinal);

    private static Dictionary<string, uint> Build()
    {
        var map = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        void Add(uint code, params string[] names)
        {
            foreach (var n in names)
            {
                map[n] = code;
            }
        }

        const string TopRow = "qwertyuiop";
        const string HomeRow = "asdfghjkl";
        const string BottomRow = "zxcvbnm";
        for (var i = 0; i < TopRow.Length; i++)
        {
            Add((uint)(16 + i), TopRow[i].ToString());
        }

        for (var i = 0; i < HomeRow.Length; i++)
        {
            Add((uint)(30 + i), HomeRow[i].ToString());
        }

        for (var i = 0; i < BottomRow.Length; i++)
        {
            Add((uint)(44 + i), BottomRow[i].ToString());
        }

        for (var d = 1; d <= 9; d++)
        {
            Add((uint)(1 + d), d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Add(11, "0");
        for (var f = 1; f <= 10; f++)
        {
            Add((uint)(58 + f), "f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Add(87, "f11");
        Add(88, "f12");
        Add(Esc, "esc", "escape");
        Add(12, "minus");
        Add(13, "equal");
        Add(Backspace, "backspace");
        Add(Tab, "tab");
        Add(26, "bracket_left");
        Add(27, "bracket_right");
        Add(Enter, "ret", "enter", "return");
        Add(LeftCtrl, "ctrl", "ctrl_l", "control");
        Add(39, "semicolon");
        Add(40, "apostrophe");
        Add(41, "grave_accent", "grave");
        Add(LeftShift, "shift", "shift_l");
        Add(43, "backslash");
        Add(51, "comma");
        Add(52, "dot");
        Add(53, "slash");
        Add(54, "shift_r");
        Add(55, "kp_multiply", "asterisk");
        Add(LeftAlt, "alt", "alt_l");
        Add(Space, "spc", "space");
        Add(58, "caps_lock");
        Add(69, "num_lock");
        Add(70, "scroll_lock");
        Add(96, "kp_enter");
        Add(97, "ctrl_r");
        Add(99, "sysrq", "print");
        Add(100, "alt_r", "altgr");
        Add(102, "home");
        Add(103, "up");
        Add(104, "pgup", "page_up");
        Add(105, "left");
        Add(106, "right");
        Add(107, "end");
        Add(108, "down");
        Add(109, "pgdn", "page_down");
        Add(110, "insert");
        Add(Delete, "delete", "del");
        Add(116, "power");
        Add(LeftMeta, "super", "meta", "meta_l", "win");
        Add(142, "sleep");
        return map;
    }
}
