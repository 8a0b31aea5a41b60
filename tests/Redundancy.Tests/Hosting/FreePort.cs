using System.Net;
using System.Net.Sockets;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A free loopback TCP port, asked of the OS.</summary>
public static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
