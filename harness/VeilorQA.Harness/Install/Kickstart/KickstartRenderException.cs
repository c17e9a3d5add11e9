namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>The template or the values cannot make a kickstart the installer accepts (the message names the field; never a secret).</summary>
public sealed class KickstartRenderException(string message, Exception? inner = null) : Exception(message, inner);
