using System.Globalization;
using System.Net.Sockets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Doctor.Targets;

/// <summary>
/// Lab health of one laptop (<c>veilorqa doctor --target NAME</c>): SSH reachable, host key as pinned, key accepted,
/// sudo, the tools the suites call, the capabilities it declares, and its adapters answering.
/// Each failed check says what is wrong and how to fix it.
/// </summary>
public sealed class LaptopDoctor
{
    private const string SecureBootVariable = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e08c022a4c06";

    private readonly LaptopEntry _laptop;
    private readonly SshTargetOptions _options;
    private readonly List<CheckResult> _results = [];

    public LaptopDoctor(LaptopEntry laptop, SshTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(laptop);
        _laptop = laptop;
        _options = options ?? SshTargetOptions.Default;
    }

    private string Endpoint => $"{_laptop.User}@{_laptop.Host}:{_laptop.Port}";

    private bool AsRoot => _laptop.User == "root";

    /// <summary>Runs every check of <paramref name="laptop"/>; never throws for a failed check.</summary>
    public static Task<DoctorReport> RunAsync(LaptopEntry laptop, SshTargetOptions? options = null, CancellationToken cancellationToken = default) =>
        new LaptopDoctor(laptop, options).RunAsync(cancellationToken);

    /// <summary>Runs every check; SSH-side checks stop at the first connection failure, adapter checks run regardless.</summary>
    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken = default)
    {
        _results.Clear();
        await using (var target = new SshTarget(_laptop, _options))
        {
            if (await ConnectAsync(target.LaptopShell, cancellationToken))
            {
                await SudoAsync(target.Shell, cancellationToken);
                await ToolsAsync(target.Shell, cancellationToken);
                await CapabilitiesAsync(target.Shell, cancellationToken);
            }
            else
            {
                _results.Add(CheckResult.Warn("checks on the laptop", "not run: no SSH session", "fix the SSH check above, then run doctor again"));
            }
        }

        await PowerAsync(cancellationToken);
        await KeyboardAndConsoleAsync(cancellationToken);
        return new DoctorReport(_results.ToList());
    }

    private async Task<bool> ConnectAsync(LaptopShell shell, CancellationToken cancellationToken)
    {
        const string reachable = "SSH reachable";
        const string hostKey = "SSH host key";
        const string keyAccepted = "SSH key accepted";
        if (!SettingsUsable())
        {
            return false;
        }

        try
        {
            await shell.ConnectAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            Fail("SSH settings", e.Message, "fix the target's entry in TestMatrix.yml or the file/variable it names");
            return false;
        }
        catch (TargetUnreachableException e)
        {
            var key = _laptop.KeyFile ?? $"${SshShellOptions.KeyFileVariable}";
            switch (e.Failure)
            {
                case SshConnectFailure.HostKeyChanged:
                    Ok(reachable, $"{Endpoint} answers SSH");
                    Fail(hostKey, e.Message,
                        "if the laptop was reinstalled on purpose, pin its new key: "
                        + $"ssh-keyscan -p {_laptop.Port} {_laptop.Host} 2>/dev/null | ssh-keygen -lf - (the ED25519 line) into host_key_fingerprint; "
                        + "otherwise another machine answers at this address: find out why before trusting it");
                    break;
                case SshConnectFailure.KeyRejected:
                    Ok(reachable, $"{Endpoint} answers SSH");
                    Ok(hostKey, $"matches the pinned {LaptopShellOptions.PinnedHostKey(_laptop)}");
                    Fail(keyAccepted, e.Message,
                        $"add {key}.pub to ~{_laptop.User}/.ssh/authorized_keys on the laptop (ssh-copy-id -i {key}.pub -p {_laptop.Port} {_laptop.User}@{_laptop.Host}), or fix key_file/user in TestMatrix.yml");
                    break;
                case SshConnectFailure.KeyFileUnusable:
                    Fail(keyAccepted, e.Message, $"make {key} a readable OpenSSH private key without passphrase (ssh-keygen -t ed25519 -N '' -f {key})");
                    break;
                default:
                    Fail(reachable, e.Message,
                        $"power the laptop on and put it on the lab network; check that sshd runs on it (secureblue masks it: systemctl unmask --now sshd; systemctl enable --now sshd) "
                        + $"and that host {_laptop.Host} / port {_laptop.Port} in TestMatrix.yml are right");
                    break;
            }

            return false;
        }

        Ok(reachable, $"{Endpoint} answers SSH");
        Ok(hostKey, $"matches the pinned {shell.HostKey}");
        Ok(keyAccepted, $"user {_laptop.User} with {_laptop.KeyFile ?? "$" + SshShellOptions.KeyFileVariable}");
        return true;
    }

    /// <summary>The pin and the key can be had before anything connects; each failure gets its own fix.</summary>
    private bool SettingsUsable()
    {
        try
        {
            LaptopShellOptions.PinnedHostKey(_laptop);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            Fail("SSH host key pin", e.Message,
                $"write the laptop's fingerprint into {_laptop.HostKeyFingerprintFile ?? "host_key_fingerprint"} "
                + $"(on the laptop: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub; or from the runner: ssh-keyscan -t ed25519 -p {_laptop.Port} {_laptop.Host} | ssh-keygen -lf -)");
            return false;
        }

        try
        {
            LaptopShellOptions.From(_laptop);
        }
        catch (InvalidOperationException e)
        {
            Fail("SSH key", e.Message, $"export {SshShellOptions.KeyFileVariable}=/path/to/the/private/key on the runner, or set key_file for the target");
            return false;
        }

        return true;
    }

    private async Task SudoAsync(IShell shell, CancellationToken cancellationToken)
    {
        const string name = "sudo";
        if (AsRoot)
        {
            Ok(name, "the SSH user is root");
            return;
        }

        var result = await RunAsync(shell, "sudo -n true", cancellationToken);
        if (result.Succeeded)
        {
            Ok(name, $"{_laptop.User} runs sudo without a password");
            return;
        }

        Fail(name, $"'sudo -n true' as {_laptop.User} exited {result.ExitCode}: {FirstLine(result.StandardError)}",
            $"on the laptop: echo '{_laptop.User} ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/veilorqa && chmod 440 /etc/sudoers.d/veilorqa");
    }

    private async Task ToolsAsync(IShell shell, CancellationToken cancellationToken)
    {
        var declared = _laptop.DeclaredCapabilities;
        var tools = new List<(string Tool, string Why, string Package)>
        {
            ("journalctl", "logs", "systemd"),
            ("systemctl", "reboot, units", "systemd"),
            ("usbguard", "USBGuard suite", "usbguard"),
        };
        if (declared.Suspend == SuspendMethod.Rtcwake)
        {
            tools.Add(("rtcwake", "suspend: rtcwake", "util-linux"));
        }

        if (declared.Tpm)
        {
            tools.Add(("tpm2_pcrread", "tpm: true", "tpm2-tools"));
        }

        if (declared.Wifi is not null)
        {
            tools.Add(("nmcli", "wifi", "NetworkManager"));
        }

        var names = tools.Select(t => t.Tool).Append("mokutil").ToList();
        var script = "PATH=$PATH:/usr/sbin:/sbin; for t in " + string.Join(' ', names)
            + "; do if command -v \"$t\" >/dev/null 2>&1; then echo \"$t yes\"; else echo \"$t no\"; fi; done";
        var present = (await RunAsync(shell, script, cancellationToken)).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' '))
            .Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1] == "yes", StringComparer.Ordinal);
        foreach (var (tool, why, package) in tools)
        {
            if (present.GetValueOrDefault(tool))
            {
                Ok($"tool {tool}", $"present ({why})");
            }
            else
            {
                Fail($"tool {tool}", $"'{tool}' not found on {_laptop.Name} (needed for {why})",
                    $"install package {package} on the laptop (on veilor-os: in the image recipe), or drop the capability that needs it");
            }
        }

        if (declared.SecureBoot)
        {
            var efivar = (await RunAsync(shell, $"test -e {SecureBootVariable} && echo yes || echo no", cancellationToken)).StandardOutput.Trim() == "yes";
            if (present.GetValueOrDefault("mokutil") || efivar)
            {
                Ok("Secure Boot state readable", efivar ? "SecureBoot efivar present" : "mokutil present");
            }
            else
            {
                Fail("Secure Boot state readable", $"neither mokutil nor {SecureBootVariable} on {_laptop.Name}",
                    "boot the laptop in UEFI mode (efivarfs mounted) or install mokutil; or set secure_boot: false");
            }
        }
    }

    private async Task CapabilitiesAsync(IShell shell, CancellationToken cancellationToken)
    {
        var declared = _laptop.DeclaredCapabilities;
        if (declared.Tpm)
        {
            var tpm = await RunAsync(shell, "ls -d /dev/tpm0 /dev/tpmrm0 2>/dev/null", cancellationToken);
            if (tpm.StandardOutput.Trim().Length > 0)
            {
                Ok("TPM", tpm.StandardOutput.Trim().ReplaceLineEndings(" "));
            }
            else
            {
                Fail("TPM", $"tpm: true is declared but {_laptop.Name} has no /dev/tpm0",
                    "enable the TPM (PTT/fTPM) in the firmware setup and check that tpm_crb or tpm_tis loads, or set tpm: false");
            }
        }

        if (declared.SecureBoot)
        {
            var state = await RunAsync(shell,
                $"if [ -r {SecureBootVariable} ]; then od -An -t u1 -j4 -N1 {SecureBootVariable}; else PATH=$PATH:/usr/sbin:/sbin; mokutil --sb-state 2>&1; fi",
                cancellationToken);
            var text = state.StandardOutput.Trim();
            if (text == "1" || text.Contains("SecureBoot enabled", StringComparison.OrdinalIgnoreCase))
            {
                Ok("Secure Boot", "enabled");
            }
            else
            {
                Fail("Secure Boot", $"secure_boot: true is declared but {_laptop.Name} reports '{(text.Length == 0 ? "no answer" : FirstLine(text))}'",
                    "enable Secure Boot in the firmware setup (with the Microsoft keys), or set secure_boot: false");
            }
        }

        if (declared.Suspend == SuspendMethod.Rtcwake)
        {
            var sleep = await RunAsync(shell, "cat /sys/power/state 2>/dev/null; ls /dev/rtc0 2>/dev/null", cancellationToken);
            var words = sleep.StandardOutput.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var mem = words.Contains("mem");
            var rtc = words.Contains("/dev/rtc0");
            if (mem && rtc)
            {
                Ok("suspend (rtcwake)", "/sys/power/state offers mem, /dev/rtc0 present");
            }
            else
            {
                var lacks = new[] { mem ? null : "no 'mem' in /sys/power/state", rtc ? null : "no /dev/rtc0" }.OfType<string>();
                Fail("suspend (rtcwake)",
                    $"suspend: rtcwake is declared but {_laptop.Name} has {string.Join(" and ", lacks)}",
                    "check the firmware's sleep setting (S3 / modern standby) and the RTC driver (rtc_cmos), or set suspend: none");
            }
        }

        if (declared.Wifi is { } wifi)
        {
            await WifiAsync(shell, wifi, cancellationToken);
        }

        if (declared.UsbHotplug == UsbHotplugMode.Gadget)
        {
            Warn("USB hot-plug", "usb_hotplug: gadget is declared, but the harness has no gadget-board driver yet: hot-plug steps are skipped",
                "use usb_hotplug: manual with a person at the bench, or none");
        }
    }

    private async Task WifiAsync(IShell shell, WifiNetwork wifi, CancellationToken cancellationToken)
    {
        const string name = "wifi";
        var result = await RunAsync(shell, "nmcli -t -f ACTIVE,SSID device wifi list --rescan auto", cancellationToken);
        if (!result.Succeeded)
        {
            Fail(name, $"'nmcli device wifi list' exited {result.ExitCode}: {FirstLine(result.StandardError)}",
                "check that NetworkManager runs and the wifi radio is on (nmcli radio wifi on)");
            return;
        }

        var networks = WifiListing.Parse(result.StandardOutput);
        if (networks.Any(n => n.Active && n.Ssid == wifi.Ssid))
        {
            Ok(name, $"connected to {wifi.Ssid}");
            return;
        }

        var visible = networks.Any(n => n.Ssid == wifi.Ssid);
        var seen = networks.Count == 0 ? "no networks" : string.Join(", ", networks.Select(n => n.Ssid).Distinct().Take(8));
        Fail(name,
            visible ? $"{wifi.Ssid} is visible but {_laptop.Name} is not connected to it" : $"{wifi.Ssid} not visible from {_laptop.Name} (sees: {seen})",
            visible
                ? $"on the laptop: nmcli device wifi connect '{wifi.Ssid}' password <key> (the key stays on the laptop)"
                : $"check the lab access point broadcasting '{wifi.Ssid}' and the laptop's radio (nmcli radio wifi on), or fix capabilities.wifi.ssid");
    }

    private async Task PowerAsync(CancellationToken cancellationToken)
    {
        const string name = "power adapter";
        switch (_laptop.Adapters.Power)
        {
            case null:
                return;
            case IpmiPowerAdapter ipmi:
                IpmiPower power;
                try
                {
                    power = new IpmiPower(IpmiPowerOptions.From(ipmi));
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    Fail(name, $"IPMI password ({ipmi.Password}) unavailable: {e.Message}", $"provide the BMC password in {ipmi.Password} on the runner");
                    return;
                }

                try
                {
                    var state = await power.GetStateAsync(cancellationToken);
                    Ok(name, $"BMC {power.Endpoint} answers: power {state.ToString().ToLowerInvariant()}");
                }
                catch (Exception e) when (e is ExternalCommandException or TimeoutException)
                {
                    Fail(name, e.Message,
                        $"check the BMC at {ipmi.Host}:{ipmi.Port} is on the lab network, IPMI over LAN is enabled and user {ipmi.User}/password are right; apt-get install -y ipmitool on the runner");
                }

                return;
            case CommandPowerAdapter command:
                var lines = new[] { ("on", command.On), ("off", command.Off), ("reset", command.Reset) };
                var missing = lines.Where(l => l.Item2 is not null && !ProgramExists(l.Item2)).Select(l => $"{l.Item1}: '{FirstWord(l.Item2!)}'").ToList();
                if (missing.Count == 0)
                {
                    Ok(name, "command adapter (no status command): its programs exist on the runner");
                }
                else
                {
                    Fail(name, "command adapter programs not found on the runner: " + string.Join(", ", missing),
                        "install the lab tool on the runner or fix adapters.power.on/off/reset in TestMatrix.yml");
                }

                return;
            default:
                Fail(name, $"adapter type '{_laptop.Adapters.Power.Type}' is not driven by this harness", "use type: command or type: ipmi");
                return;
        }
    }

    private async Task KeyboardAndConsoleAsync(CancellationToken cancellationToken)
    {
        switch (_laptop.Adapters.Keyboard)
        {
            case CommandKeyboardAdapter keys:
                var missing = new[] { keys.SendText, keys.SendKey }.Where(c => !ProgramExists(c)).Select(c => $"'{FirstWord(c)}'").Distinct().ToList();
                if (missing.Count == 0)
                {
                    Ok("keyboard adapter", "command adapter: its programs exist on the runner");
                }
                else
                {
                    Fail("keyboard adapter", "programs not found on the runner: " + string.Join(", ", missing),
                        "install the HID tool on the runner or fix adapters.keyboard.send_text/send_key");
                }

                break;
            case { } other:
                Warn("keyboard adapter", $"type '{other.Type}' is not driven by this harness yet: keyboard steps are skipped", "use type: command");
                break;
        }

        if (_laptop.Adapters.Console is TcpConsoleAdapter tcp)
        {
            const string name = "console adapter";
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_laptop.Timeouts.Connect);
            try
            {
                await socket.ConnectAsync(tcp.Host, tcp.Port, deadline.Token);
                Ok(name, $"tcp:{tcp.Host}:{tcp.Port} accepts connections");
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var why = e is SocketException s ? s.SocketErrorCode.ToString() : $"no answer within {_laptop.Timeouts.Connect.TotalSeconds:0} s";
                Fail(name, $"tcp:{tcp.Host}:{tcp.Port}: {why}", "check the terminal server / ser2net port and that no other client holds the console");
            }
        }
    }

    private async Task<ShellResult> RunAsync(IShell shell, string command, CancellationToken cancellationToken)
    {
        try
        {
            return await shell.RunAsync(command, _laptop.Timeouts.Command, cancellationToken);
        }
        catch (Exception e) when (e is TargetUnreachableException or WaitTimeoutException)
        {
            return new ShellResult(command, -1, string.Empty, e.Message, TimeSpan.Zero);
        }
    }

    private static bool ProgramExists(string commandLine)
    {
        var program = FirstWord(commandLine);
        return program.Contains('/', StringComparison.Ordinal) ? File.Exists(program) : ExternalCommand.IsOnPath(program);
    }

    private static string FirstWord(string commandLine) =>
        commandLine.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? commandLine;

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    private void Ok(string name, string detail) => _results.Add(CheckResult.Ok(name, detail));

    private void Warn(string name, string detail, string fix) => _results.Add(CheckResult.Warn(name, detail, fix));

    private void Fail(string name, string detail, string fix) => _results.Add(CheckResult.Fail(name, detail, fix));
}
