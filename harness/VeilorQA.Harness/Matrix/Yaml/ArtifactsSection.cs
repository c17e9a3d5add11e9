using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>artifacts:</c>: iso, oci-image and reference-guest definitions.</summary>
internal static partial class ArtifactsSection
{
    private static readonly string[] Kinds = [IsoArtifact.KindName, OciImageArtifact.KindName, ReferenceGuestArtifact.KindName, ReferenceInstallerArtifact.KindName];

    public static IReadOnlyList<Artifact> Read(MatrixReadContext context, NamedEntry section)
    {
        var artifacts = new List<Artifact>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "artifact", allowEmpty: false))
        {
            var kind = context.Discriminator(entry.Value, entry.Path, entry.KeyPosition, "kind", Kinds);
            Artifact artifact = kind switch
            {
                IsoArtifact.KindName => ReadIso(context, entry),
                OciImageArtifact.KindName => ReadOciImage(context, entry),
                ReferenceInstallerArtifact.KindName => ReadReferenceInstaller(context, entry),
                _ => ReadReferenceGuest(context, entry),
            };
            context.Artifacts.Add(entry.Name, artifact);
            artifacts.Add(artifact);
        }

        return artifacts;
    }

    private static IsoArtifact ReadIso(MatrixReadContext context, NamedEntry entry)
    {
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition,
            ["kind", "path", "url", "sha256", "luks_passphrase_env", "luks_passphrase_file", BrandingSection.Key]);
        if (map.IsSet("path") == map.IsSet("url"))
        {
            throw map.IsSet("path")
                ? context.Error(map.KeyPosition("url"), map.PathOf("url"), "either path or url, not both", "both")
                : context.Missing(map.Owner, map.PathOf("path"), "path (a file relative to the matrix) or url (http/https)");
        }

        string? path = null;
        Uri? url = null;
        if (map.IsSet("path"))
        {
            var written = map.RequiredString("path", "a file path");
            path = context.ResolvePath(written);
            if (!File.Exists(path))
                throw context.Error(map.ValuePosition("path"), map.PathOf("path"), $"an existing ISO file (resolved to {path})", $"'{written}', which does not exist");
        }
        else
        {
            const string expected = "an absolute http or https URL";
            var text = map.RequiredString("url", expected);
            if (!Uri.TryCreate(text, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw context.Error(map.ValuePosition("url"), map.PathOf("url"), expected, $"'{text}'");
        }

        const string sha256Expected = "a SHA-256 of 64 hexadecimal digits";
        var sha256 = map.RequiredString("sha256", sha256Expected);
        if (!Sha256Pattern().IsMatch(sha256))
            throw context.Error(map.ValuePosition("sha256"), map.PathOf("sha256"), sha256Expected, $"'{sha256}'");

        return new IsoArtifact(entry.Name, path, url, sha256.ToLowerInvariant(), map.OptionalSecret("luks_passphrase"))
        {
            Branding = BrandingSection.Read(context, map),
        };
    }

    private static OciImageArtifact ReadOciImage(MatrixReadContext context, NamedEntry entry)
    {
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition,
            ["kind", "reference", "oci_archive", "oci_layout", "tag", "digest", "registry_user_env", "registry_user_file", "registry_password_env", "registry_password_file", BrandingSection.Key]);
        string[] sources = ["reference", "oci_archive", "oci_layout"];
        var given = sources.Where(map.IsSet).ToList();
        if (given.Count == 0)
            throw context.Missing(map.Owner, map.PathOf("reference"), "reference (a registry image), oci_archive (an OCI archive file) or oci_layout (an OCI layout folder)");
        if (given.Count > 1)
            throw context.Error(map.KeyPosition(given[1]), map.PathOf(given[1]), "one of reference, oci_archive and oci_layout", string.Join(" and ", given));

        const string digestExpected = "a digest sha256: followed by 64 lowercase hexadecimal digits";
        var digest = map.OptionalString("digest", digestExpected);
        if (digest is not null && !DigestPattern().IsMatch(digest))
            throw context.Error(map.ValuePosition("digest"), map.PathOf("digest"), digestExpected, $"'{digest}'");
        if (map.IsSet("tag") && given[0] != "oci_layout")
            throw context.Error(map.KeyPosition("tag"), map.PathOf("tag"), "tag only with oci_layout (a registry reference carries its own tag)", $"tag with {given[0]}");

        var user = map.OptionalSecret("registry_user");
        var password = map.OptionalSecret("registry_password");
        if ((user is null) != (password is null))
        {
            var missing = user is null ? "registry_user" : "registry_password";
            throw context.Missing(map.Owner, map.PathOf(missing + "_env"), $"{missing}_env or {missing}_file: registry credentials come as a user and a password together");
        }

        if (user is not null && given[0] != "reference")
            throw context.Error(map.KeyPosition(map.IsSet("registry_user_env") ? "registry_user_env" : "registry_user_file"), map.PathOf("registry_user_env"),
                "registry credentials only with reference (a local image is read from disk)", $"credentials with {given[0]}");

        OciLocalImage? local = null;
        string reference;
        if (given[0] == "reference")
        {
            const string referenceExpected = "an image reference like ghcr.io/veilor/veilor-os:43";
            reference = map.RequiredString("reference", referenceExpected);
            if (!ReferencePattern().IsMatch(reference))
                throw context.Error(map.ValuePosition("reference"), map.PathOf("reference"), referenceExpected, $"'{reference}'");
        }
        else
        {
            var archive = given[0] == "oci_archive";
            var written = map.RequiredString(given[0], archive ? "an OCI archive file" : "an OCI image layout folder");
            var path = context.ResolvePath(written);
            if (archive ? !File.Exists(path) : !File.Exists(Path.Combine(path, "index.json")))
                throw context.Error(map.ValuePosition(given[0]), map.PathOf(given[0]),
                    archive ? $"an existing OCI archive file (resolved to {path})" : $"an OCI image layout folder with an index.json (resolved to {path})",
                    $"'{written}', which {(archive ? "does not exist" : "has no index.json")}");

            const string tagExpected = "a tag of the layout (letters, digits, '_', '.', '-')";
            var tag = map.OptionalString("tag", tagExpected);
            if (tag is not null && !TagPattern().IsMatch(tag))
                throw context.Error(map.ValuePosition("tag"), map.PathOf("tag"), tagExpected, $"'{tag}'");
            local = new OciLocalImage(archive ? OciLocalFormat.Archive : OciLocalFormat.Layout, path, tag);
            reference = local.SkopeoReference;
        }

        return new OciImageArtifact(entry.Name, reference, digest)
        {
            Local = local,
            RegistryUser = user,
            RegistryPassword = password,
            Branding = BrandingSection.Read(context, map),
        };
    }

    private static ReferenceInstallerArtifact ReadReferenceInstaller(MatrixReadContext context, NamedEntry entry)
    {
        // No sha256: the ISO is built here from the recipe, and the build records its own sha256.
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["kind", "recipe", BrandingSection.Key]);
        var recipe = context.ResolvePath(map.RequiredString("recipe", "the installer recipe folder, relative to the matrix (vms/installer)"));
        return new ReferenceInstallerArtifact(entry.Name, recipe) { Branding = BrandingSection.Read(context, map) };
    }

    private static ReferenceGuestArtifact ReadReferenceGuest(MatrixReadContext context, NamedEntry entry)
    {
        // No luks_passphrase_*: every build generates its own passphrase (vms/reference/README.md) and the harness reads it from the build.
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, ["kind", "recipe", BrandingSection.Key]);
        var recipe = context.ResolvePath(map.RequiredString("recipe", "the recipe folder, relative to the matrix (vms/reference)"));
        return new ReferenceGuestArtifact(entry.Name, recipe) { Branding = BrandingSection.Read(context, map) };
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    // registry[:port]/path[/path...][:tag]; the registry part is required so nothing resolves to Docker Hub by accident.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")]
    private static partial Regex ReferencePattern();
}
