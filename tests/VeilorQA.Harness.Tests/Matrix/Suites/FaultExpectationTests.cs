using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Matrix.Suites;

public class FaultExpectationTests
{
    [TestCase("", "matches the empty string")]
    [TestCase(".*", "matches the empty string")]
    [TestCase("(?i)", "matches the empty string")]
    [TestCase(".+", "unrelated text such as 'x'")]
    [TestCase("[\\s\\S]", "unrelated text such as 'x'")]
    [TestCase("[0-9a-f]+", "unrelated text such as '7'")]
    [TestCase("(a+)+$", "backtracks catastrophically")]
    [TestCase("(\\s*)*!x", "backtracks catastrophically")]
    [TestCase("nomodeset (on", "not a valid regular expression")]
    public void An_expectation_that_cannot_tell_its_symptom_from_another_failure_is_refused(string pattern, string why)
    {
        FaultExpectation.Problem(pattern).Should().Contain(why);
    }

    [Test]
    public void Every_expectation_of_the_real_matrix_is_accepted()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        matrix.Faults.Should().NotBeEmpty();
        foreach (var fault in matrix.Faults)
        {
            FaultExpectation.Problem(fault.Expect).Should().BeNull(fault.Name);
        }
    }

    [TestCase("expect: \".*\"", "faults.nomodeset.expect", "matches the empty string")]
    [TestCase("expect: \".+\"", "faults.nomodeset.expect", "a bare wildcard")]
    [TestCase("expect: \"(a+)+$\"", "faults.nomodeset.expect", "backtracks catastrophically")]
    [TestCase("", "faults.nomodeset.expect", "got nothing (required key missing)")]
    public void Matrix_validation_refuses_a_missing_or_useless_expectation_naming_the_field(string expectLine, string field, string problem)
    {
        var text = File.ReadAllText(MatrixSamples.Path("valid-minimal.yml"))
            .Replace("    expect: \"'nomodeset' is on the kernel command line\"", expectLine.Length == 0 ? string.Empty : "    " + expectLine, StringComparison.Ordinal);

        var act = () => TestMatrixLoader.Parse(text, "m.yml", MatrixSamples.Directory);

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain(field).And.Contain(problem);
    }
}
