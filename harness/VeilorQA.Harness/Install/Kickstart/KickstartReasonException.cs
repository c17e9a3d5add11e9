namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>A refusal found while reading one command; the parser adds the file, line number and line.</summary>
internal sealed class KickstartReasonException(string reason) : Exception(reason);
