namespace VeilorQA.Harness.Infrastructure;

/// <summary>
/// The harness could not drive the target — a VM did not start, a channel (SSH, serial, libvirt, a host program) failed
/// or was lost, a harness-side wait ran out while the target's state is unknown, a laptop is unreachable. Never a
/// verdict on veilor-os: suites let it propagate (NUnit reports it as an error, Allure as <c>broken</c>), the report files
/// it under "Infrastructure problems" and <c>veilorqa run</c> exits 3 for it, never 1.
/// </summary>
/// <remarks>
/// One base for every transport and target so the same event gets the same class on a VM and on a laptop: a suite
/// that must turn a lost shell into "not yet" catches this type, not the SSH or laptop flavour of it.
/// </remarks>
public abstract class InfrastructureException : Exception
{
    protected InfrastructureException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
