using System.CommandLine;
using System.Runtime.InteropServices;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Show the host's, the contracts' and the runtime's versions");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"n3host {HostVersions.HostText}");
            Console.Out.WriteLine($"contracts {HostVersions.ContractsText}");
            Console.Out.WriteLine($"runtime {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
