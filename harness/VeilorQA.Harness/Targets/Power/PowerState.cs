namespace VeilorQA.Harness.Targets.Power;

/// <summary>Whether a machine's power is on, as its power adapter reports it.</summary>
public enum PowerState
{
    Off,
    On,
}
