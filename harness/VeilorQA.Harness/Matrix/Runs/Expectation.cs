namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>The outcome a matrix case must have: a clean run passes, a suite broken by a fault fails.</summary>
public enum Expectation
{
    Pass,
    Fail,
}
