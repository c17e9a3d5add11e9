using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Targets;

/// <summary>An earlier suite of the run could not make the target ready (boot, unlock, connect) for an infrastructure
/// reason; later suites fail at once with this, in the same class, instead of waiting for it again.</summary>
public sealed class TargetNotReadyException(string target, Exception firstFailure)
    : InfrastructureException($"target '{target}' could not be made ready earlier in this run: {firstFailure.Message}", firstFailure)
{
    /// <summary>The matrix name of the target.</summary>
    public string Target { get; } = target;
}
