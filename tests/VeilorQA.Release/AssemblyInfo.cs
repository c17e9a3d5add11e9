using NUnit.Framework;

[assembly: Parallelizable(ParallelScope.None)]
[assembly: VeilorQA.Fixtures.Reporting.AllureReport]
