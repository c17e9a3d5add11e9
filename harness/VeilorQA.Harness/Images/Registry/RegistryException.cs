using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>The local registry could not be started or used (a harness problem, never a verdict on veilor-os).</summary>
public sealed class RegistryException(string message, Exception? innerException = null) : InfrastructureException(message, innerException);
