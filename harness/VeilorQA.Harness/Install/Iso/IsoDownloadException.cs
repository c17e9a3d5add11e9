using System.Net;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Install.Iso;

/// <summary>An installer ISO could not be downloaded: the server answered with an error status, or the transfer broke.</summary>
public sealed class IsoDownloadException(Uri url, HttpStatusCode? status, string message, Exception? innerException = null)
    : InfrastructureException(message, innerException)
{
    public Uri Url { get; } = url;

    /// <summary>The HTTP status the server answered with, or null when no answer arrived.</summary>
    public HttpStatusCode? Status { get; } = status;
}
