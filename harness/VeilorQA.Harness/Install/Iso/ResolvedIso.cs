namespace VeilorQA.Harness.Install.Iso;

/// <summary>An installer ISO on this machine whose sha256 was checked.</summary>
/// <param name="Path">The file the VM boots (the cache file for a download).</param>
/// <param name="Sha256">Its sha256, lower-case hex, equal to the one it was given with.</param>
/// <param name="Url">Where it was downloaded from (http or https); null for a path or a file:// URL.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="CacheHit">A download that was already in the cache (nothing was fetched).</param>
public sealed record ResolvedIso(string Path, string Sha256, Uri? Url, long Bytes, bool CacheHit);
