using System.Net.Sockets;
using System.Text;
using N3Host.Transport.Probing;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>Asks a node's link server for its role, in plain text before any TLS (<see cref="RoleProbe"/>).</summary>
internal static class NodeProbe
{
    public static async Task<ProbeResult> ProbeAsync(AgentEndpoint endpoint, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, linked.Token);
            await socket.SendAsync(RoleProbe.RequestBytes, SocketFlags.None, linked.Token);
            var buffer = new byte[RoleProbe.MaxAnswerBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, linked.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
                if (buffer[read - 1] == (byte)'\n')
                {
                    break;
                }
            }

            var answer = Encoding.UTF8.GetString(buffer, 0, read);
            return RoleProbe.TryParse(answer, out var active, out var term, out var node)
                ? new ProbeResult(active ? "active" : "standby", term, node, null)
                : new ProbeResult("invalid", 0, null, "the answer is not a role (is this port a Links server?)");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult("timeout", 0, null, $"no answer within {timeout.TotalMilliseconds:0} ms (setting 'healthCheckTimeout')");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new ProbeResult("refused", 0, null, "nothing listens (its link server is stopped: standby, or the node is down)");
        }
        catch (SocketException ex)
        {
            return new ProbeResult("unreachable", 0, null, $"{ex.SocketErrorCode}: {ex.Message}");
        }
    }
}
