using System.Net.Sockets;
using System.Text;
using N3Host.Contracts;
using N3Host.Transport.Probing;

namespace N3Host.Plugins.Links;

/// <summary>The link server's plain-text answer to a RedundancyAgent's role probe (<see cref="RoleProbe"/>), before any TLS.</summary>
internal static class RoleProbeAnswer
{
    /// <summary>Reads the probe's request off the socket, answers this node's role, term and name, and shuts the socket down.</summary>
    public static async Task SendAsync(Socket socket, IModuleContext context, CancellationToken cancellationToken)
    {
        var request = new byte[RoleProbe.RequestBytes.Length];
        var read = 0;
        while (read < request.Length)
        {
            var n = await socket.ReceiveAsync(request.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read != request.Length || !request.AsSpan().SequenceEqual(RoleProbe.RequestBytes.Span))
        {
            throw new LinkProtocolException("neither TLS nor a role probe");
        }

        var role = context.RoleGate.Current;
        var answer = Encoding.UTF8.GetBytes(RoleProbe.Answer(role.IsActive, role.Term, context.Node.Name));
        await socket.SendAsync(answer, SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Both);
    }
}
