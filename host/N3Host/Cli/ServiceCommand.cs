using System.CommandLine;
using N3Host.Service;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host service install|uninstall</c>: the node as a service of the operating system (a systemd unit on Linux, a service of the
/// service control manager on Windows), run from this install's n3host.
/// </summary>
internal static class ServiceCommand
{
    public static Command Create()
    {
        var print = new Option<bool>("--print") { Description = "Show what would be installed (the systemd unit; on Windows the sc.exe commands) and change nothing" };
        var root = new Option<string?>("--root") { Description = "Linux: write under this folder instead of / (for a package or an image): no user made, no systemctl run" };
        var install = new Command("install", "Install the node as a service: started at boot, restarted after a crash (root or administrator)") { print, root };
        install.SetAction((result, _) => InstallAsync(result.GetValue(print), result.GetValue(root)));
        var uninstall = new Command("uninstall", "Remove the service (its configuration and data are kept)") { root };
        uninstall.SetAction((result, _) => UninstallAsync(result.GetValue(root)));
        return new Command("service", "The node as a service of the operating system (systemd, Windows services)") { install, uninstall };
    }

    private static string InstallDirectory => AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);

    private static Task<int> InstallAsync(bool print, string? root)
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsService.InstallAsync(InstallDirectory, print, Console.Out);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw NotHere();
        }

        if (print)
        {
            Console.Out.Write(SystemdUnit.Render(InstallDirectory));
            return Task.FromResult(ExitCodes.Ok);
        }

        return LinuxService.InstallAsync(InstallDirectory, root is null ? null : Path.GetFullPath(root), Console.Out);
    }

    private static Task<int> UninstallAsync(string? root)
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsService.UninstallAsync(Console.Out);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw NotHere();
        }

        return LinuxService.UninstallAsync(root is null ? null : Path.GetFullPath(root), Console.Out);
    }

    private static CliException NotHere() =>
        new("n3host service runs on Linux (systemd) and Windows; on this system, start n3host run from its own service manager", ExitCodes.Refused);
}
