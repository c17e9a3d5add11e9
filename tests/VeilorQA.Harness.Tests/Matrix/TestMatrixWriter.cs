using System.Globalization;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Matrix.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VeilorQA.Harness.Tests.Matrix;

/// <summary>Writes a <see cref="TestMatrix"/> back as TestMatrix.yml that loads into an equal model.</summary>
/// <remarks>
/// Every value is written explicitly (defaults included) and paths are absolute, as the model holds them. Only the loader's
/// round-trip tests need it: nothing in the harness writes a matrix (a run crosses to the test process as JSON).
/// </remarks>
internal static class TestMatrixWriter
{
    public static string ToYaml(TestMatrix matrix)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(matrix, writer);
        return writer.ToString();
    }

    public static void Write(TestMatrix matrix, TextWriter writer)
    {
        var root = new YamlMappingNode
        {
            { "version", Plain(matrix.Version) },
            { "default_target", Text(matrix.DefaultTargetName) },
            { "artifacts", Named(matrix.Artifacts, a => a.Name, ArtifactNode) },
            { "targets", Named(matrix.Targets, t => t.Name, TargetNode) },
            { "suites", Named(matrix.Suites, s => s.Name, SuiteNode) },
            { "faults", Named(matrix.Faults, f => f.Name, FaultNode) },
            { "runs", Named(matrix.Runs, r => r.Name, RunNode) },
        };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }

    private static YamlMappingNode ArtifactNode(Artifact artifact)
    {
        var node = new YamlMappingNode { { "kind", Text(artifact.Kind) } };
        switch (artifact)
        {
            case IsoArtifact iso:
                AddIfSet(node, "path", iso.Path);
                AddIfSet(node, "url", iso.Url?.OriginalString);
                node.Add("sha256", Text(iso.Sha256));
                AddSecret(node, "luks_passphrase", iso.LuksPassphrase);
                break;
            case OciImageArtifact image:
                if (image.Local is { } local)
                {
                    node.Add(local.Format == OciLocalFormat.Archive ? "oci_archive" : "oci_layout", Text(local.Path));
                    AddIfSet(node, "tag", local.Tag);
                }
                else
                {
                    node.Add("reference", Text(image.Reference));
                }

                AddIfSet(node, "digest", image.Digest);
                AddSecret(node, "registry_user", image.RegistryUser);
                AddSecret(node, "registry_password", image.RegistryPassword);
                break;
            case ReferenceGuestArtifact reference:
                node.Add("recipe", Text(reference.Recipe));
                break;
            case ReferenceInstallerArtifact installer:
                node.Add("recipe", Text(installer.Recipe));
                break;
            default:
                throw new ArgumentException($"Unknown artifact type {artifact.GetType().Name}.", nameof(artifact));
        }

        if (artifact.Branding is { } branding)
            node.Add(BrandingSection.Key, BrandingNode(branding));
        return node;
    }

    private static YamlMappingNode BrandingNode(Branding branding)
    {
        var node = new YamlMappingNode();
        if (branding.OsRelease.Count > 0)
            node.Add("os_release", new YamlMappingNode(branding.OsRelease.Select(v => new KeyValuePair<YamlDotNet.RepresentationModel.YamlNode, YamlDotNet.RepresentationModel.YamlNode>(Text(v.Key), Text(v.Value)))));
        AddIfSet(node, "boot_entry", branding.BootEntry);
        if (branding.Skel.Count > 0)
        {
            node.Add("skel", new YamlMappingNode(branding.Skel.Select(f =>
            {
                var file = new YamlMappingNode();
                AddIfSet(file, "mode", f.ModeText);
                if (f.Keys.Count > 0)
                    file.Add("keys", new YamlMappingNode(f.Keys.Select(k => new KeyValuePair<YamlDotNet.RepresentationModel.YamlNode, YamlDotNet.RepresentationModel.YamlNode>(Text(k.Name), Text(k.Value)))));
                if (f.Contains.Count > 0)
                    file.Add("contains", new YamlSequenceNode(f.Contains.Select(Text)));
                return new KeyValuePair<YamlDotNet.RepresentationModel.YamlNode, YamlDotNet.RepresentationModel.YamlNode>(Text(f.Path), file);
            })));
        }

        return node;
    }

    private static YamlMappingNode TargetNode(TargetEntry target) => target switch
    {
        VmProfile vm => VmNode(vm),
        LaptopEntry laptop => LaptopNode(laptop),
        _ => throw new ArgumentException($"Unknown target type {target.GetType().Name}.", nameof(target)),
    };

    private static YamlMappingNode VmNode(VmProfile vm)
    {
        var node = new YamlMappingNode { { "kind", Text(vm.Kind) }, { "artifact", Text(vm.BootArtifact) } };
        AddIfSet(node, "install_image", vm.InstallImage);
        AddIfSet(node, "update_image", vm.UpdateImage);
        node.Add("firmware", Text(MatrixEnumNames.Firmware.NameOf(vm.Firmware)));
        node.Add("secure_boot", Plain(vm.SecureBoot));
        node.Add("tpm", Text(MatrixEnumNames.Tpm.NameOf(vm.Tpm)));
        node.Add("memory_mib", Plain(vm.MemoryMib));
        node.Add("vcpus", Plain(vm.Vcpus));
        node.Add("video", Text(MatrixEnumNames.Video.NameOf(vm.Video)));
        node.Add("disks", new YamlSequenceNode(vm.Disks.Select(d => new YamlMappingNode { { "size_gib", Plain(d.SizeGib) } })));
        node.Add("usb", Text(MatrixEnumNames.Usb.NameOf(vm.Usb)));
        node.Add("suspend", Plain(vm.Suspend));
        node.Add("network", Text(MatrixEnumNames.Network.NameOf(vm.Network)));
        if (vm.Wifi is not null)
            node.Add("wifi", new YamlMappingNode { { "ssid", Text(vm.Wifi.Ssid) } });
        return node;
    }

    private static YamlMappingNode LaptopNode(LaptopEntry laptop)
    {
        var node = new YamlMappingNode { { "kind", Text(laptop.Kind) } };
        AddIfSet(node, "artifact", laptop.InstalledArtifact);
        node.Add("host", Text(laptop.Host));
        node.Add("port", Plain(laptop.Port));
        node.Add("user", Text(laptop.User));
        AddIfSet(node, "key_file", laptop.KeyFile);
        node.Add("agent", Plain(laptop.UseAgent));
        AddIfSet(node, "host_key_fingerprint", laptop.HostKeyFingerprint);
        AddIfSet(node, "host_key_fingerprint_file", laptop.HostKeyFingerprintFile);
        AddSecret(node, "luks_passphrase", laptop.LuksPassphrase);

        var declared = laptop.DeclaredCapabilities;
        var capabilities = new YamlMappingNode();
        if (declared.Wifi is not null)
            capabilities.Add("wifi", new YamlMappingNode { { "ssid", Text(declared.Wifi.Ssid) } });
        capabilities.Add("suspend", Text(MatrixEnumNames.Suspend.NameOf(declared.Suspend)));
        capabilities.Add("tpm", Plain(declared.Tpm));
        capabilities.Add("secure_boot", Plain(declared.SecureBoot));
        capabilities.Add("usb_hotplug", Text(MatrixEnumNames.UsbHotplug.NameOf(declared.UsbHotplug)));
        node.Add("capabilities", capabilities);

        node.Add("timeouts", new YamlMappingNode
        {
            { "connect_s", Plain((int)laptop.Timeouts.Connect.TotalSeconds) },
            { "command_s", Plain((int)laptop.Timeouts.Command.TotalSeconds) },
            { "boot_s", Plain((int)laptop.Timeouts.Boot.TotalSeconds) },
            { "resume_s", Plain((int)laptop.Timeouts.Resume.TotalSeconds) },
        });

        var adapters = new YamlMappingNode();
        switch (laptop.Adapters.Power)
        {
            case CommandPowerAdapter command:
                var power = new YamlMappingNode { { "type", Text(command.Type) }, { "on", Text(command.On) }, { "off", Text(command.Off) } };
                AddIfSet(power, "reset", command.Reset);
                adapters.Add("power", power);
                break;
            case IpmiPowerAdapter ipmi:
                var ipmiNode = new YamlMappingNode
                {
                    { "type", Text(ipmi.Type) }, { "host", Text(ipmi.Host) }, { "port", Plain(ipmi.Port) }, { "user", Text(ipmi.User) },
                };
                AddSecret(ipmiNode, "password", ipmi.Password);
                ipmiNode.Add("interface", Text(MatrixEnumNames.IpmiInterface.NameOf(ipmi.Interface)));
                adapters.Add("power", ipmiNode);
                break;
        }

        switch (laptop.Adapters.Keyboard)
        {
            case CommandKeyboardAdapter command:
                adapters.Add("keyboard", new YamlMappingNode
                {
                    { "type", Text(command.Type) }, { "send_text", Text(command.SendText) }, { "send_key", Text(command.SendKey) },
                });
                break;
            case PikvmKeyboardAdapter pikvm:
                var pikvmNode = new YamlMappingNode
                {
                    { "type", Text(pikvm.Type) }, { "url", Text(pikvm.Url.OriginalString) }, { "user", Text(pikvm.User) },
                };
                AddSecret(pikvmNode, "password", pikvm.Password);
                adapters.Add("keyboard", pikvmNode);
                break;
        }

        if (laptop.Adapters.Console is TcpConsoleAdapter tcp)
            adapters.Add("console", new YamlMappingNode { { "type", Text(tcp.Type) }, { "host", Text(tcp.Host) }, { "port", Plain(tcp.Port) } });
        if (adapters.Children.Count > 0)
            node.Add("adapters", adapters);
        return node;
    }

    private static YamlMappingNode SuiteNode(Suite suite)
    {
        var node = new YamlMappingNode();
        AddIfSet(node, "description", suite.Description);
        node.Add("requires", new YamlSequenceNode(suite.Requires.Select(c => Text(MatrixEnumNames.Capability.NameOf(c)))));
        var s = suite.Settings;
        var settings = new YamlMappingNode();
        AddIfSet(settings, "cycles", s.Cycles);
        AddIfSet(settings, "sleep_s", s.SleepSeconds);
        AddIfSet(settings, "wifi_reconnect_budget_s", s.WifiReconnectBudgetSeconds);
        AddIfSet(settings, "boot_timeout_s", s.BootTimeoutSeconds);
        AddIfSet(settings, "tpm_pcrs", s.TpmPcrs);
        AddIfSet(settings, "tailscale_zone", s.TailscaleZone);
        if (s.WaivedUnits is { } waivers)
            settings.Add("waive_units", new YamlMappingNode(waivers.Select(w => new KeyValuePair<YamlDotNet.RepresentationModel.YamlNode, YamlDotNet.RepresentationModel.YamlNode>(Text(w.Unit), Text(w.Reason)))));
        if (settings.Children.Count > 0)
            node.Add("settings", settings);
        return node;
    }

    private static YamlMappingNode RunNode(MatrixRun run)
    {
        var node = new YamlMappingNode
        {
            { "target", Text(run.Target) },
            { "suites", new YamlSequenceNode(run.Suites.Select(Text)) },
            { "faults", new YamlSequenceNode(run.Faults.Select(Text)) },
            { "default", Plain(run.IsDefault) },
        };
        AddIfSet(node, "description", run.Description);
        if (run.Waivers.Count > 0)
        {
            var waive = new YamlMappingNode();
            foreach (var waiver in run.Waivers)
                waive.Add(waiver.Key, Text(waiver.Reason));
            node.Add("waive", waive);
        }

        return node;
    }

    private static YamlMappingNode Named<T>(IEnumerable<T> items, Func<T, string> nameOf, Func<T, YamlMappingNode> nodeOf)
    {
        var node = new YamlMappingNode();
        foreach (var item in items)
            node.Add(new YamlScalarNode(nameOf(item)) { Style = ScalarStyle.Plain }, nodeOf(item));
        return node;
    }

    private static void AddSecret(YamlMappingNode node, string name, SecretReference? reference)
    {
        if (reference is not null)
            node.Add(name + (reference.Source == SecretSource.Environment ? "_env" : "_file"), Text(reference.Location));
    }

    private static void AddIfSet(YamlMappingNode node, string key, string? value)
    {
        if (value is not null)
            node.Add(key, Text(value));
    }

    private static void AddIfSet(YamlMappingNode node, string key, int? value)
    {
        if (value is not null)
            node.Add(key, Plain(value.Value));
    }

    // Names (keys) are plain: the loader only accepts [a-z0-9-], and keys are always read as text.
    // Strings are double-quoted so that a value like "2.0", "true" or "null" stays a string on reload.
    private static YamlScalarNode Text(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Plain(int value) => new(value.ToString(CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Plain(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };

    private static YamlMappingNode FaultNode(Fault fault)
    {
        return new YamlMappingNode { { "breaks", Text(fault.Breaks) }, { "symptom", Text(fault.Symptom) }, { "expect", Text(fault.Expect) } };
    }
}
