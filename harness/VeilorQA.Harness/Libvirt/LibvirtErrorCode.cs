namespace VeilorQA.Harness.Libvirt;

/// <summary>libvirt's <c>virErrorNumber</c> values the harness tells apart; others keep their number.</summary>
public enum LibvirtErrorCode
{
    Ok = 0,
    InternalError = 1,
    NoSupport = 3,
    NoConnect = 5,
    InvalidConnection = 6,
    OperationFailed = 9,
    XmlError = 27,
    DomainExists = 28,
    XmlDetail = 35,
    SystemError = 38,
    NoDomain = 42,
    AuthFailed = 45,
    OperationInvalid = 55,
    ConfigUnsupported = 67,
    OperationTimeout = 68,
    AgentUnresponsive = 86,
    XmlInvalidSchema = 96,
}
