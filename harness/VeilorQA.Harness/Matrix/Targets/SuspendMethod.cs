namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>How a laptop suspends and wakes itself (<c>suspend:</c> none | rtcwake).</summary>
public enum SuspendMethod
{
    None,
    Rtcwake,
}
