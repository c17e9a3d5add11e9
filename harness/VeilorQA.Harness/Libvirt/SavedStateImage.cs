using System.Buffers.Binary;
using System.Text;

namespace VeilorQA.Harness.Libvirt;

/// <summary>Rewrites the domain XML stored in a libvirt QEMU saved-state file ("LibvirtQemudSave" v2) in place.</summary>
/// <remarks>
/// libvirt restores a saved state only under the name and UUID stored in it (its ABI check compares
/// both, and <c>virDomainSaveImageDefineXML</c> runs the same check), yet two copies cannot run side
/// by side under one name or UUID. The file is a 92-byte header, a padded region holding the domain XML
/// and the migration cookie (NUL-terminated each), then QEMU's migration stream. libvirt reserves
/// 64 KiB of padding in that region for edits, so another XML fits without touching the stream.
/// </remarks>
public static class SavedStateImage
{
    private const int HeaderSize = 92;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("LibvirtQemudSave");

    /// <summary>Replaces the domain XML in <paramref name="path"/>, keeping the migration cookie and stream.</summary>
    /// <exception cref="FormatException">Not a v2 saved state, or the new XML does not fit the reserved region.</exception>
    public static async Task ReplaceDomainXmlAsync(string path, string domainXml, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        var header = new byte[HeaderSize];
        await file.ReadExactlyAsync(header, cancellationToken);
        if (!header.AsSpan(0, 16).SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)) != 2)
        {
            throw new FormatException($"{path} is not a libvirt QEMU saved state (version 2).");
        }

        var dataLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
        var cookieOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(32));
        var data = new byte[dataLength];
        await file.ReadExactlyAsync(data, cancellationToken);
        var cookie = cookieOffset == 0 ? [] : data.AsSpan(cookieOffset, data.AsSpan(cookieOffset).IndexOf((byte)0)).ToArray();

        var xml = Encoding.UTF8.GetBytes(domainXml);
        var needed = xml.Length + 1 + (cookie.Length == 0 ? 0 : cookie.Length + 1);
        if (needed > dataLength)
        {
            throw new FormatException($"The new domain XML ({xml.Length} bytes) does not fit the {dataLength} bytes reserved in {path}.");
        }

        Array.Clear(data);
        xml.CopyTo(data, 0);
        if (cookie.Length > 0)
        {
            cookie.CopyTo(data, xml.Length + 1);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32), (uint)(xml.Length + 1));
        }

        file.Position = 0;
        await file.WriteAsync(header, cancellationToken);
        await file.WriteAsync(data, cancellationToken);
        await file.FlushAsync(cancellationToken);
    }
}
