namespace VeilorQA.Harness.Install;

/// <summary>How the kickstart reaches the installer.</summary>
public enum KickstartDelivery
{
    /// <summary>A small volume labelled OEMDRV holding /ks.cfg; the ISO boots unmodified through its own Secure Boot chain (the default).</summary>
    Oemdrv,

    /// <summary>Direct kernel boot of the ISO's images/pxeboot files with inst.ks=http://…; faster, but no Secure Boot verification of the installer.</summary>
    KernelHttp,
}
