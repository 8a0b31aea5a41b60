using System.CommandLine;
using System.Net.NetworkInformation;

namespace N3Host.Cli;

/// <summary><c>n3host interfaces</c>: network interfaces and their addresses, to choose the redundancy bind address.</summary>
internal static class InterfacesCommand
{
    public static Command Create()
    {
        var command = new Command("interfaces", "List network interfaces with their addresses (to choose a bind address)");
        command.SetAction(_ =>
        {
            var rows = NetworkInterface.GetAllNetworkInterfaces()
                .OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => (IReadOnlyList<string>)
                [
                    n.Name,
                    n.OperationalStatus.ToString(),
                    n.NetworkInterfaceType.ToString(),
                    string.Join(" ", n.GetIPProperties().UnicastAddresses.Select(a => a.Address.ToString())),
                ]);
            Console.Out.Write(TextTable.Format(["NAME", "STATUS", "TYPE", "ADDRESSES"], rows));
            return ExitCodes.Ok;
        });
        return command;
    }
}
