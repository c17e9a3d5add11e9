namespace VeilorQA.Harness.Install.Repro;

/// <summary>
/// A repro bundle: one folder that describes an install completely — the inputs (ISO by path, sha256 and URL, kickstart
/// source, image and digest, where the passphrase came from), how it ended (failure kind, explanation, evidence, phases),
/// the artifacts it left (masked kickstart, domain XML, NVRAM, TPM state, Anaconda's log stream, serial transcript,
/// screenshots, the disk when kept) — and a replay.sh that runs the same install again from it.
/// </summary>
/// <remarks>
/// The bundle holds no secret: every text file is passed through <see cref="Security.Redactor.Global"/> (the kickstart also
/// through <see cref="Kickstart.KickstartSecrets"/>), and the installer's real 0600 kickstart is never among the files copied.
/// A bundle can be handed to anyone; replay.sh says which secret source the replay needs.
/// </remarks>
public static class ReproBundle
{
    /// <summary>The bundle.json layout this harness writes and reads.</summary>
    public const int SchemaVersion = 1;

    public const string BundleJsonName = "bundle.json";
    public const string ExplanationName = "explanation.txt";
    public const string ReadmeName = "README.txt";
    public const string ReplayScriptName = "replay.sh";
    public const string KickstartName = "kickstart-masked.ks";
    public const string DomainXmlName = "domain.xml";
    public const string NvramName = "OVMF_VARS.fd";
    public const string TpmStateName = "tpm";
    public const string AnacondaLogName = "anaconda.log";
    public const string SerialConsoleName = "serial-console.txt";
    public const string ScreenshotsName = "screenshots";
    public const string DiskName = "disk.qcow2";

    /// <summary>
    /// Writes the bundle of <paramref name="outcome"/> into <paramref name="bundleDirectory"/> (created; it must not hold
    /// anything yet). The folder appears whole or not at all: it is assembled beside its final name and renamed.
    /// </summary>
    /// <param name="outcome">The install as the install session recorded it.</param>
    /// <param name="bundleDirectory">The new bundle folder.</param>
    /// <param name="keepDisk">Put the target disk in the bundle (a hard link on the same file system, else a copy).</param>
    /// <param name="replayCommand">The bash command replay.sh runs in the repository (<c>$bundle</c> holds the bundle folder);
    /// null: <c>./veilorqa repro --replay "$bundle"</c>.</param>
    /// <param name="cancellationToken">Cancels the copy (nothing is left behind).</param>
    /// <returns>The bundle as <see cref="ReadAsync"/> reads it back.</returns>
    /// <exception cref="IOException">The folder exists and is not empty.</exception>
    public static async Task<ReproBundleContents> WriteAsync(
        InstallOutcome outcome,
        string bundleDirectory,
        bool keepDisk,
        string? replayCommand = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        var final = Path.GetFullPath(bundleDirectory.TrimEnd('/'));
        await ReproBundleWriter.WriteAsync(outcome, final, keepDisk, replayCommand, RepositoryLocator.Find(), DateTimeOffset.UtcNow, cancellationToken);
        return await ReadAsync(final, cancellationToken);
    }

    /// <summary>Reads the bundle in <paramref name="bundleDirectory"/>: the inputs to replay it and the recorded outcome.</summary>
    /// <exception cref="ReproBundleException">bundle.json is missing, is not JSON, or a field is missing or wrong; the message names the file and the field.</exception>
    public static async Task<ReproBundleContents> ReadAsync(string bundleDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        var directory = Path.GetFullPath(bundleDirectory);
        var file = Path.Combine(directory, BundleJsonName);
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ReproBundleException($"{file} does not exist: {directory} is not a repro bundle (veilorqa repro writes one)", e);
        }

        return ReproBundleReader.Parse(directory, file, json);
    }
}
