using System.Diagnostics;
using N3Host.Cli;

namespace N3Host.Service;

/// <summary>
/// <c>n3host service install|uninstall</c> on Windows, through the service control manager (<c>sc.exe</c>): the service
/// <c>N3Host</c>, started automatically and restarted after a failure, run as LocalService with its configuration and data in
/// <c>%ProgramData%\N3Host</c> (modules.json copied from the install the first time, never overwritten).
/// </summary>
internal static class WindowsService
{
    public const string Name = "N3Host";

    /// <summary>%ProgramData%\N3Host.</summary>
    public static string DataFolder => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), Name);

    /// <summary>The <c>sc.exe</c> commands install runs, one per line (what <c>--print</c> shows).</summary>
    public static IReadOnlyList<string[]> Commands(string installDirectory)
    {
        var executable = Path.Combine(installDirectory, "n3host.exe");
        var config = Path.Combine(DataFolder, "modules.json");
        return
        [
            ["create", Name, "binPath=", $"\"{executable}\" run --config \"{config}\"", "start=", "delayed-auto", "obj=", @"NT AUTHORITY\LocalService", "DisplayName=", "N3Host edge node"],
            ["description", Name, "N3Host edge node: modules, redundancy, historian (see docs/installation.md)"],
            ["failure", Name, "reset=", "86400", "actions=", "restart/2000/restart/5000/restart/10000"],
        ];
    }

    public static async Task<int> InstallAsync(string installDirectory, bool print, TextWriter output)
    {
        if (print)
        {
            foreach (var command in Commands(installDirectory))
            {
                output.WriteLine("sc.exe " + string.Join(' ', command.Select(Quote)));
            }

            return ExitCodes.Ok;
        }

        RequireAdministrator("install");
        Directory.CreateDirectory(DataFolder);
        var config = Path.Combine(DataFolder, "modules.json");
        var shipped = Path.Combine(installDirectory, "modules.json");
        if (!File.Exists(config))
        {
            File.Copy(shipped, config);
            output.WriteLine($"wrote {config} (a copy of {shipped}; edit it, then start the service)");
        }

        foreach (var command in Commands(installDirectory))
        {
            await ScAsync(command);
        }

        output.WriteLine($"service {Name} installed (automatic start, restarted after a failure). Start it now: sc.exe start {Name}");
        output.WriteLine($"The LocalService account must be able to write {DataFolder}: icacls \"{DataFolder}\" /grant \"NT AUTHORITY\\LocalService:(OI)(CI)M\"");
        return ExitCodes.Ok;
    }

    public static async Task<int> UninstallAsync(TextWriter output)
    {
        RequireAdministrator("uninstall");
        await ScAsync(["stop", Name], mayFail: true);
        await ScAsync(["delete", Name]);
        output.WriteLine($"service {Name} removed; kept {DataFolder} (configuration and data): remove it yourself once you no longer need it");
        return ExitCodes.Ok;
    }

    private static void RequireAdministrator(string verb)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new CliException($"n3host service {verb} needs an administrator's command prompt (n3host service install --print shows what it runs)", ExitCodes.Refused);
        }
    }

    private static string Quote(string word) => word.Contains(' ', StringComparison.Ordinal) ? $"\"{word.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : word;

    private static async Task ScAsync(string[] args, bool mayFail = false)
    {
        var info = new ProcessStartInfo("sc.exe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !mayFail)
        {
            throw new CliException($"sc.exe {args[0]} {Name} failed ({process.ExitCode}): {(await stdout + await stderr).Trim()}", ExitCodes.Unexpected);
        }
    }
}
