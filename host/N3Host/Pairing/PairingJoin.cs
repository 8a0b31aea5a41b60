using System.Net.Sockets;
using N3Host.Contracts;
using N3Host.Configuration;

namespace N3Host.Pairing;

/// <summary>
/// The backup's side of pairing by code (<c>n3host pair --with HOST --code CODE</c>): no running node needed. Connects to the
/// primary's pairing port, proves the code, and writes the primary's certificate and the Redundancy instance's settings into this
/// node's modules.json.
/// </summary>
internal static class PairingJoin
{
    /// <summary>The bound on the TCP connect.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="PairingRefusedException">The primary refused (wrong, expired or void code), or a message was not valid.</exception>
    /// <exception cref="PairingUnreachableException">Nothing answers at the address.</exception>
    /// <param name="config">This node's configuration.</param>
    /// <param name="certificate">This node's certificate.</param>
    /// <param name="target">The primary's pairing address.</param>
    /// <param name="code">The code typed.</param>
    /// <param name="links">True: pair this node's Links clients with the pair (<c>--links</c>), not this node as the backup.</param>
    /// <param name="time">The clock of the timeouts.</param>
    /// <param name="cancellationToken">Stops the pairing.</param>
    public static async Task<PairingOutcome> JoinAsync(NodeConfiguration config, INodeCertificate certificate, PairingTarget target, PairingCode code, bool links, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(target);
        var settings = PairingSettings.From(config);
        if (links)
        {
            PairingConfigWriter.RequireLinks(config, "client");
        }
        else if (settings.Mode == "primary")
        {
            throw new PairingRefusedException(
                $"this node is configured as a primary ({config.ConfigPath}, instance '{settings.Instance}', mode primary): run n3host pair --with on the node that is to be the backup");
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connect = new CancellationTokenSource(ConnectTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(connect.Token, cancellationToken))
        {
            try
            {
                await socket.ConnectAsync(target.Host, target.Port, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connect.IsCancellationRequested)
            {
                throw new PairingUnreachableException($"no answer from {target} within {ConnectTimeout.TotalSeconds:0} s: check the address and that no firewall blocks the port");
            }
            catch (SocketException e)
            {
                var why = e.SocketErrorCode == SocketError.ConnectionRefused
                    ? "nothing listens there: is a pairing code open on the primary (n3host pair), and is this its address and server.pairingPort?"
                    : e.Message;
                throw new PairingUnreachableException($"cannot reach the primary's pairing port at {target}: {why}", e);
            }
        }

        using var session = new CancellationTokenSource(PairingProtocol.SessionTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(session.Token, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var channel = new PairingChannel(stream);
        var own = new PairingOffer(config.Node.Name, certificate.Pem, null) { Purpose = links ? PairingOffer.LinksPurpose : null };
        try
        {
            return await PairingProtocol.JoinAsync(channel, code, own,
                primary => links ? PairingConfigWriter.TrustLinkServers(config.ConfigPath, primary, time) : PairingConfigWriter.WriteBackup(config.ConfigPath, primary, target.Host, time),
                bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            throw new PairingUnreachableException($"the primary at {target} stopped answering (no pairing within {PairingProtocol.SessionTimeout.TotalSeconds:0} s)");
        }
        catch (IOException e)
        {
            throw new PairingUnreachableException($"the connection to {target} closed in the middle of the pairing ({e.Message})", e);
        }
        catch (Transport.Framing.FrameProtocolException e)
        {
            throw new PairingRefusedException($"{target} is not an n3host pairing port ({e.Message}): is the port its server.pairingPort rather than server.port?", e);
        }
    }
}
