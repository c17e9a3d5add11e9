namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>The A/B view an upgrade suite needs, the same whether bootc or plain ostree reported it.</summary>
public sealed record DeploymentState(string Source, DeploymentRef? Booted, DeploymentRef? Staged, DeploymentRef? Rollback, bool RollbackQueued)
{
    public override string ToString() =>
        $"[{Source}] booted: {Booted?.ToString() ?? "none"}; staged: {Staged?.ToString() ?? "none"}; rollback: {Rollback?.ToString() ?? "none"}"
        + (RollbackQueued ? "; rollback queued" : string.Empty);
}
