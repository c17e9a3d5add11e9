using NUnit.Framework;
using VeilorQA.Fixtures.Lifecycle;

namespace VeilorQA.Release;

/// <summary>Claims the run id and reaps leftovers of crashed runs before any test of this assembly.</summary>
[SetUpFixture]
public sealed class RunSetUp : RunSetUpFixture;
