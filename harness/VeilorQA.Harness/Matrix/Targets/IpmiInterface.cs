namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>ipmitool interface (<c>interface:</c> lanplus | lan).</summary>
public enum IpmiInterface
{
    Lanplus,
    Lan,
}
