namespace VeilorQA.Harness.Reporting;

/// <summary>How far a test or fixture got in its life cycle.</summary>
public enum AllureStage
{
    Scheduled,
    Running,
    Finished,
    Pending,
    Interrupted,
}
