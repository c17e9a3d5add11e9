namespace VeilorQA.Release.Suites;

/// <summary>
/// Every failure text of the usbguard suite, in one place so the fault tests see the real texts:
/// <see cref="UnknownAdmitted"/> is what the <c>usbguard-allow-all</c> fault must show; <see cref="AllowedRejected"/> is
/// its opposite defect and must never pass for it.
/// </summary>
public static class UsbGuardFailures
{
    public static string DaemonNotActive(string state) =>
        $"USBGuard: usbguard.service is '{state}', not active: no USB device is checked against the policy";

    public static string DaemonNotActiveAfterReboot(string state) =>
        $"USBGuard: after the reboot usbguard.service is '{state}', not active";

    public static string RuleWithoutId(IEnumerable<string> violations, int rules) =>
        "USBGuard: " + string.Join("; ", violations) +
        $" — the running policy must admit devices only by id ({rules} rule(s) loaded, see 'usbguard list-rules')";

    public static string NoIdRule() =>
        "USBGuard: the running policy has no rule naming a device id, so not even the root hubs and the keyboard are admitted by id";

    /// <summary>The fault's symptom: a device no rule names got in.</summary>
    public static string UnknownAdmitted(string serial, string when, string state) =>
        $"USBGuard: an unknown device was admitted {when}: the stick with serial {serial}, which no rule names, is {state}. " +
        "The running policy lets in a device outside the id allow-list";

    /// <summary>The opposite defect: USBGuard kept out the stick its policy allows.</summary>
    public static string AllowedRejected(string serial, string when, string state) =>
        $"USBGuard: the stick the policy allows (serial \"{serial}\") was kept out {when}: {state}";

    /// <summary>USBGuard let the allowed stick in, but the kernel made no disk of it.</summary>
    public static string AllowedWithoutDisk(string serial, string when, TimeSpan budget, string state) =>
        $"USBGuard: the stick with serial {serial} was let in {when} but got no disk within {budget.TotalSeconds:0} s: {state}";
}
