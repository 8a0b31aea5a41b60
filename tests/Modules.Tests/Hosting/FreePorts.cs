using System.Net;
using System.Net.Sockets;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>Asks the OS for a free loopback TCP port.</summary>
internal static class FreePorts
{
    public static int Get()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
