namespace VeilorQA.Harness.Install.Repro;

/// <summary>A folder is not a readable repro bundle: bundle.json is missing, is not JSON, or a field is missing or wrong (the message names the file and the field).</summary>
public sealed class ReproBundleException(string message, Exception? inner = null) : Exception(message, inner);
