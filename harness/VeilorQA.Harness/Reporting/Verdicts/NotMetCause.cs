namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>Why a case is not met; decides the exit code of <c>veilorqa run</c> (see <see cref="ReleaseDecision"/>).</summary>
public enum NotMetCause
{
    /// <summary>A case that must pass failed an assertion about veilor-os: the release is blocked (exit 1).</summary>
    Product,

    /// <summary>The harness could not drive the target (VM, channel, timeout with the state unknown); nothing is known about the product (exit 3).</summary>
    Infrastructure,

    /// <summary>The harness or a suite is wrong: an unexpected exception, a crashed test process, a fault the suite does not
    /// catch or catches with the wrong failure, a suite the built code lacks (exit 3).</summary>
    Harness,

    /// <summary>Tests were skipped, inconclusive or never reported, and no waiver of the run accepts it (exit 3).</summary>
    NotProven,
}
