using System.Globalization;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>The parsed text of <c>ostree admin status</c> (format of ostree's ot-admin-builtin-status.c).</summary>
public sealed partial record OstreeAdminStatus(IReadOnlyList<OstreeDeployment> Deployments)
{
    public OstreeDeployment? Booted => Deployments.FirstOrDefault(d => d.IsBooted);

    public OstreeDeployment? Staged => Deployments.FirstOrDefault(d => d.IsStaged);

    public OstreeDeployment? Pending => Deployments.FirstOrDefault(d => d.IsPending);

    public OstreeDeployment? Rollback => Deployments.FirstOrDefault(d => d.IsRollback);

    /// <summary>Header: <c>%c %s %s.%d%s</c> = booted mark, stateroot, checksum.serial, " (staged|pending|rollback)".</summary>
    [GeneratedRegex(@"^([* ]) (\S+) ([0-9a-f]{64})\.(\d+)(?: \((staged|pending|rollback)\))?$")]
    private static partial Regex HeaderLine();

    public static OstreeAdminStatus Parse(string text)
    {
        var deployments = new List<OstreeDeployment>();
        OstreeDeployment? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line == "No deployments.")
            {
                continue;
            }

            var header = HeaderLine().Match(line);
            if (header.Success)
            {
                Flush();
                var marker = header.Groups[5].Value;
                current = new OstreeDeployment(
                    header.Groups[2].Value,
                    header.Groups[3].Value,
                    int.Parse(header.Groups[4].Value, CultureInfo.InvariantCulture),
                    header.Groups[1].Value == "*",
                    marker == "staged",
                    marker == "pending",
                    marker == "rollback",
                    null,
                    false,
                    null,
                    null);
                continue;
            }

            if (current is null || !line.StartsWith("    ", StringComparison.Ordinal))
            {
                throw new GuestOutputException("ostree admin status", "line outside a deployment", line);
            }

            var detail = line.Trim();
            if (detail.StartsWith("Version: ", StringComparison.Ordinal))
            {
                current = current with { Version = detail["Version: ".Length..] };
            }
            else if (detail == "Pinned: yes")
            {
                current = current with { Pinned = true };
            }
            else if (detail.StartsWith("origin refspec: ", StringComparison.Ordinal))
            {
                current = current with { OriginRefspec = detail["origin refspec: ".Length..] };
            }
            else if (detail.Contains("Unlocked: ", StringComparison.Ordinal))
            {
                // The unlocked line is wrapped in terminal colour codes when stdout is a tty.
                current = current with { Unlocked = AnsiEscape().Replace(detail, string.Empty)["Unlocked: ".Length..] };
            }

            // Other detail lines (origin: none, `- source title, GPG: ...) carry nothing the suites check.
        }

        Flush();
        return new OstreeAdminStatus(deployments);

        void Flush()
        {
            if (current is not null)
            {
                deployments.Add(current);
            }

            current = null;
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    /// <summary>ostree's "pending" (a non-staged deployment that boots next) plays the part of bootc's staged entry.</summary>
    public DeploymentState ToDeploymentState() => new(
        "ostree",
        From(Booted),
        From(Staged ?? Pending),
        From(Rollback),
        false);

    private static DeploymentRef? From(OstreeDeployment? d) =>
        d is null ? null : new DeploymentRef(d.Checksum, d.Serial, d.Version, null, d.OriginRefspec, d.Pinned);
}
