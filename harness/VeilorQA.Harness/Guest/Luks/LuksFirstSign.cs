namespace VeilorQA.Harness.Guest.Luks;

/// <summary>What a boot console showed first about the root volume (<see cref="LuksConsoleWatch"/>).</summary>
/// <param name="Prompted">True: the passphrase prompt; false: a sign that the volume opened without one.</param>
/// <param name="Text">The matched console text, ANSI colour codes removed (the prompt or the unlock line).</param>
/// <param name="After">How long after the wait began it came.</param>
public sealed record LuksFirstSign(bool Prompted, string Text, TimeSpan After);
