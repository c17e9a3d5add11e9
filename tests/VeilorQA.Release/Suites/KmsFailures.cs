namespace VeilorQA.Release.Suites;

/// <summary>The kms suite's own failure text; the DRM verdicts come from <c>DrmState.Verdict</c>. The <c>nomodeset</c> fault must show <see cref="NomodesetOnCommandLine"/>.</summary>
public static class KmsFailures
{
    public static string NomodesetOnCommandLine(string cmdline) =>
        $"KMS: 'nomodeset' is on the kernel command line, so no native DRM driver may load ({cmdline})";
}
