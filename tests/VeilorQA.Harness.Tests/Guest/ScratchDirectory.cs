using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Guest;

/// <summary>A temp directory named <c>veilorqa-&lt;runid&gt;-probes-…</c>, removed on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string purpose) =>
        Path = Directory.CreateTempSubdirectory(RunId.Current.Name($"probes-{purpose}-")).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
