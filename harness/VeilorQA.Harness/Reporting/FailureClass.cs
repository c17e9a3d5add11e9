namespace VeilorQA.Harness.Reporting;

/// <summary>Why a test did not pass, in the one taxonomy the report, the verdict lines and the exit code share.</summary>
public enum FailureClass
{
    /// <summary>The target's state is wrong: an assertion about veilor-os did not hold (Allure <c>failed</c>).</summary>
    Product,

    /// <summary>The harness could not drive the target: VM did not start, channel lost, a wait ran out with the state unknown (Allure <c>broken</c>, an <c>InfrastructureException</c>).</summary>
    Infrastructure,

    /// <summary>The harness or a test is wrong: any other exception (Allure <c>broken</c>).</summary>
    Harness,
}
