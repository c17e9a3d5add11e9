namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Power through a BMC with ipmitool.</summary>
public sealed record IpmiPowerAdapter(string Host, int Port, string User, SecretReference Password, IpmiInterface Interface)
    : PowerAdapter
{
    public const string TypeName = "ipmi";

    public override string Type => TypeName;
}
