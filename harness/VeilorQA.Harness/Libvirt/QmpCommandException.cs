using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Libvirt;

/// <summary>QEMU answered a QMP command with an error object; carries QEMU's error class and description.</summary>
public sealed class QmpCommandException(string command, string errorClass, string description)
    : InfrastructureException($"QMP command {command} failed: {errorClass}: {description}")
{
    public string Command { get; } = command;

    /// <summary>QEMU's error class, e.g. <c>CommandNotFound</c>, <c>GenericError</c>, <c>DeviceNotFound</c>.</summary>
    public string ErrorClass { get; } = errorClass;

    public string Description { get; } = description;
}
