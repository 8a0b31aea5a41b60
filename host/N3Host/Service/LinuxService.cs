using System.Diagnostics;
using System.Runtime.Versioning;
using N3Host.Cli;
using N3Host.Configuration;

namespace N3Host.Service;

/// <summary>
/// <c>n3host service install|uninstall</c> on Linux: the systemd unit in <c>/etc/systemd/system</c>, the user <c>n3host</c>, and the
/// node's modules.json in <c>/var/lib/n3host</c> (copied from the install the first time, never overwritten). With a root folder
/// (<c>--root DIR</c>, for building a package or an image) everything is written under it and no user is made, no systemctl run.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LinuxService
{
    public static async Task<int> InstallAsync(string installDirectory, string? root, TextWriter output)
    {
        RequireRoot(root, "install");
        var unitPath = Under(root, Path.Combine(SystemdUnit.UnitDirectory, SystemdUnit.Name));
        var state = Under(root, SystemdUnit.StateDirectory);
        var config = Path.Combine(state, "modules.json");
        var shipped = Path.Combine(installDirectory, "modules.json");
        if (root is null)
        {
            await EnsureUserAsync(output);
        }

        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (File.Exists(config))
        {
            output.WriteLine($"kept {config} (the node's configuration: never overwritten)");
        }
        else if (File.Exists(shipped))
        {
            File.Copy(shipped, config);
            output.WriteLine($"wrote {config} (a copy of {shipped}; edit it, then start the service)");
        }
        else
        {
            throw new CliException($"{shipped} is not there to copy to {config}: put a modules.json there (see docs/configuration.md) and run n3host service install again", ExitCodes.UsageOrConfig);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(unitPath)!);
        AtomicFile.Write(unitPath, SystemdUnit.Render(installDirectory), keepPrevious: false);
        File.SetUnixFileMode(unitPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        output.WriteLine($"wrote {unitPath} (ExecStart {installDirectory.TrimEnd('/')}/n3host run --config {SystemdUnit.ConfigPath})");
        if (root is null)
        {
            await SystemctlAsync(output, "daemon-reload");
            output.WriteLine("Start it now and at every boot: systemctl enable --now n3host");
            output.WriteLine($"Ask it: n3host status --config {SystemdUnit.ConfigPath} (as root or the n3host user); its log: journalctl -u n3host");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> UninstallAsync(string? root, TextWriter output)
    {
        RequireRoot(root, "uninstall");
        var unitPath = Under(root, Path.Combine(SystemdUnit.UnitDirectory, SystemdUnit.Name));
        if (root is null)
        {
            await SystemctlAsync(output, "disable", "--now", "n3host");
        }

        if (File.Exists(unitPath))
        {
            File.Delete(unitPath);
            output.WriteLine($"removed {unitPath}");
        }
        else
        {
            output.WriteLine($"{unitPath} was not there");
        }

        if (root is null)
        {
            await SystemctlAsync(output, "daemon-reload");
        }

        output.WriteLine($"kept {Under(root, SystemdUnit.StateDirectory)} (configuration and data) and the user {SystemdUnit.User}: remove them yourself once you no longer need them");
        return ExitCodes.Ok;
    }

    private static void RequireRoot(string? root, string verb)
    {
        if (root is null && !Environment.IsPrivilegedProcess)
        {
            throw new CliException(
                $"n3host service {verb} changes {SystemdUnit.UnitDirectory}/{SystemdUnit.Name} and needs root: run it with sudo (n3host service install --print shows the unit without writing it)",
                ExitCodes.Refused);
        }
    }

    private static string Under(string? root, string path) => root is null ? path : Path.Combine(root, path.TrimStart('/'));

    private static async Task EnsureUserAsync(TextWriter output)
    {
        if ((await RunAsync("id", "-u", SystemdUnit.User)).ExitCode == 0)
        {
            output.WriteLine($"the user {SystemdUnit.User} is there");
            return;
        }

        var made = await RunAsync("useradd", "--system", "--user-group", "--home-dir", SystemdUnit.StateDirectory, "--no-create-home", "--shell", "/usr/sbin/nologin", SystemdUnit.User);
        if (made.ExitCode != 0)
        {
            throw new CliException($"could not make the user {SystemdUnit.User} (useradd: {made.Output.Trim()})", ExitCodes.Unexpected);
        }

        output.WriteLine($"made the system user {SystemdUnit.User}");
    }

    private static async Task SystemctlAsync(TextWriter output, params string[] args)
    {
        var ran = await RunAsync("systemctl", args);
        if (ran.ExitCode != 0)
        {
            output.WriteLine($"systemctl {string.Join(' ', args)}: {ran.Output.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program} is not there ({e.Message})");
        }
    }
}
