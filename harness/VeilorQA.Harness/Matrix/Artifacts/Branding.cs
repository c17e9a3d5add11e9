namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>
/// What an artifact's system must carry as veilor's brand (<c>branding:</c>): the distributor names in
/// <c>/etc/os-release</c>, the text of its boot menu entry, and the files a new user gets from <c>/etc/skel</c>. The
/// branding suite checks a freshly created user and the booted system against it; "/etc/skel branding" is a release blocker.
/// </summary>
/// <param name="OsRelease">Fields <c>/etc/os-release</c> must hold with exactly these values (e.g. <c>NAME</c>, <c>PRETTY_NAME</c>).</param>
/// <param name="BootEntry">Text the title of the booted boot menu entry must contain; null: not checked.</param>
/// <param name="Skel">Files under a new user's home that must come from veilor's <c>/etc/skel</c>.</param>
public sealed record Branding(ValueList<OsReleaseValue> OsRelease, string? BootEntry, ValueList<SkelFile> Skel);
