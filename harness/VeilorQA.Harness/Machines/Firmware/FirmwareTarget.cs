namespace VeilorQA.Harness.Machines.Firmware;

/// <summary>An architecture and the machine types (globs such as <c>pc-q35-*</c>) a firmware build runs on.</summary>
public sealed record FirmwareTarget(string Architecture, IReadOnlyList<string> Machines)
{
    /// <summary>Whether <paramref name="machine"/> (a versioned type such as <c>pc-q35-7.2</c>) matches one of the globs.</summary>
    public bool Runs(string machine) => Machines.Any(glob => Glob.Matches(glob, machine));

    private static class Glob
    {
        // QEMU's descriptors use shell globs ('*', '?'), matched the way fnmatch does without flags.
        public static bool Matches(string glob, string text) => Matches(glob.AsSpan(), text.AsSpan());

        private static bool Matches(ReadOnlySpan<char> glob, ReadOnlySpan<char> text)
        {
            while (!glob.IsEmpty)
            {
                switch (glob[0])
                {
                    case '*':
                        for (var skip = 0; skip <= text.Length; skip++)
                        {
                            if (Matches(glob[1..], text[skip..]))
                            {
                                return true;
                            }
                        }

                        return false;
                    case '?':
                        if (text.IsEmpty)
                        {
                            return false;
                        }

                        break;
                    default:
                        if (text.IsEmpty || text[0] != glob[0])
                        {
                            return false;
                        }

                        break;
                }

                glob = glob[1..];
                text = text[1..];
            }

            return text.IsEmpty;
        }
    }
}
