using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Api;
using N3Host.Contracts;
using N3Host.Configuration;
using N3Host.Transport.Framing;
using N3Host.Transport.Listening;

namespace N3Host.Pairing;

/// <summary>
/// The primary's side of pairing by code, in the running node: opens a code (<c>n3host pair</c>, <c>POST /api/pair</c>), listens on
/// <c>server.pairingPort</c> only while it is open, and serves one backup at a time. After a pairing the node's modules.json names
/// the backup and the node applies it at once: its redundancy instance restarts in primary mode and waits for the backup.
/// </summary>
internal sealed class PairingService : IAsyncDisposable
{
    private readonly NodeContext _node;
    private readonly INodeCertificate _certificate;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private readonly SemaphoreSlim _session = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<Task> _stopped = [];
    private PairingListener? _listener;
    private ITimer? _expiry;

    public PairingService(NodeContext node, INodeCertificate certificate, TimeProvider time, ILogger logger)
    {
        _node = node;
        _certificate = certificate;
        _logger = logger;
        Codes = new PairingCodes(time);
        Codes.Changed += state =>
        {
            if (state.Phase != PairingPhase.Open)
            {
                Close(state.Message);
            }
        };
    }

    public PairingCodes Codes { get; }

    /// <summary>Where the pairing listener listens now (null: no code open).</summary>
    public IPEndPoint? EndPoint
    {
        get
        {
            lock (_lock)
            {
                return _listener?.EndPoint;
            }
        }
    }

    /// <summary>
    /// Opens a new code and the pairing listener on <paramref name="listen"/> (else the Redundancy instance's
    /// <c>server.networkInterface</c>), port <c>server.pairingPort</c>. A node configured as backup is refused.
    /// </summary>
    public PairingState Open(string? listen)
    {
        var config = _node.Config;
        var settings = PairingSettings.From(config);
        if (settings.Mode == "backup")
        {
            throw new PairingRefusedException(
                $"this node is configured as a backup ({config.ConfigPath}, instance '{settings.Instance}', mode backup): open the code on the primary with n3host pair, and pair this node with n3host pair --with PRIMARY --code CODE");
        }

        var address = listen ?? settings.NetworkInterface ?? throw new PairingRefusedException(
            $"say where the backup reaches this node: n3host pair --listen ADDRESS (an address of this machine, see n3host interfaces), or set server.networkInterface of the Redundancy instance in {config.ConfigPath}");
        var ip = string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(address, out var parsed) ? parsed
            : throw new PairingRefusedException($"--listen {address}: not an IP address of this machine (n3host interfaces lists them; 0.0.0.0 for all)");
        var endPoint = new IPEndPoint(ip, settings.PairingPort);

        lock (_lock)
        {
            if (_listener is { } open && (!open.EndPoint.Equals(endPoint) || open.Address != address))
            {
                StopListener(open, "a new code was opened on another address");
            }

            if (_listener is null)
            {
                AcceptLoop loop;
                try
                {
                    loop = AcceptLoop.Listen(endPoint, backlog: 4);
                }
                catch (SocketException e)
                {
                    throw new PairingRefusedException(
                        $"cannot listen for the backup on {endPoint} ({e.SocketErrorCode}: {e.Message}); choose another port with server.pairingPort of the Redundancy instance, or another address", e);
                }

                var listener = new PairingListener(loop, address);
                listener.Start(HandleAsync);
                _listener = listener;
            }

            _expiry?.Dispose();
            var state = Codes.Open();
            _expiry = Codes.Time.CreateTimer(_ => Close(Codes.Current.Message), null, PairingCodes.Validity, Timeout.InfiniteTimeSpan);
            PairingLog.Opened(_logger, PairingState.Clock(state.ExpiresAt!.Value), state.AttemptsLeft, _listener.EndPoint.ToString());
            return state;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            _expiry?.Dispose();
            if (_listener is not null)
            {
                StopListener(_listener, "the node is stopping");
            }

            running = [.. _stopped];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _disposing.Dispose();
        _session.Dispose();
    }

    /// <summary>The code is no longer open (used, void, expired): the port closes.</summary>
    private void Close(string why)
    {
        lock (_lock)
        {
            if (_listener is not null && Codes.Current.Phase != PairingPhase.Open)
            {
                StopListener(_listener, why);
            }
        }
    }

    private void StopListener(PairingListener listener, string why)
    {
        if (listener.Stop())
        {
            PairingLog.Closed(_logger, listener.EndPoint.ToString(), why);
        }

        _stopped.Add(listener.Running.ContinueWith(_ => listener.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        _listener = null;
    }

    /// <summary>This node's offer: to a backup its certificate and peer port; to a remote node's Links both pair nodes' certificates.</summary>
    private PairingOffer Answer(PairingOffer joining, NodeConfiguration config)
    {
        var settings = PairingSettings.From(config);
        if (!joining.ForLinks)
        {
            return new PairingOffer(config.Node.Name, _certificate.Pem, settings.PeerPort);
        }

        PairingConfigWriter.RequireLinks(config, "server");

        // The file, not the running configuration: a pairing written since the node started names the backup already.
        var written = PairingSettings.From(TryLoad(config.ConfigPath) ?? config);
        var pair = new List<string> { _certificate.Pem };
        if (written.Mode == "primary" && written.RemoteCertificatePem(config.ConfigPath) is { } backup)
        {
            pair.Add(backup);
        }

        return new PairingOffer(config.Node.Name, _certificate.Pem, null) { PairCertificates = pair };
    }

    private static NodeConfiguration? TryLoad(string path)
    {
        try
        {
            return ConfigurationLoader.Load(path);
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }

    /// <summary>
    /// After a pairing the running node applies its file: after a Links pairing the Links servers restart with the new trust list (in
    /// a pair the change goes to the backup); after a backup's pairing the redundancy instance restarts in primary mode too.
    /// </summary>
    private async Task ReloadAsync(bool restartRedundancy, CancellationToken cancellationToken)
    {
        if (_node.Configuration is not { } configuration)
        {
            return;
        }

        var result = await configuration.ReloadAsync(restartRedundancy, cancellationToken).ConfigureAwait(false);
        PairingLog.Reloaded(_logger, result.Message, string.Join(", ", result.Added), string.Join(", ", result.Restarted));
    }

    private async Task HandleAsync(Socket socket, string listenAddress)
    {
        using var owned = socket;
        var remote = socket.RemoteEndPoint?.ToString() ?? "an unknown address";
        using var timeout = new CancellationTokenSource(PairingProtocol.SessionTimeout, Codes.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposing.Token);
        var cancellationToken = linked.Token;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var channel = new PairingChannel(stream);
        try
        {
            try
            {
                await PairingProtocol.ReadHelloAsync(channel, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FrameProtocolException or PairingRefusedException)
            {
                PairingLog.NotARequest(_logger, remote, e.Message);
                await channel.SendRefusalAsync($"this is the N3Host pairing port of node {_node.Config.Node.Name}: what was sent is not an n3host pairing request ({e.Message})", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!await _session.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                const string busy = "another node is pairing with this node right now; try again in a minute";
                PairingLog.CodeRefused(_logger, remote, busy);
                await channel.SendRefusalAsync(busy, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                var config = _node.Config;
                var outcome = await PairingProtocol.ServeAsync(channel, Codes, joining => Answer(joining, config),
                    joining => joining.ForLinks
                        ? PairingConfigWriter.TrustLinkClient(config.ConfigPath, joining, Codes.Time)
                        : PairingConfigWriter.WritePrimary(config.ConfigPath, joining, listenAddress, Codes.Time),
                    cancellationToken).ConfigureAwait(false);
                var fingerprint = PairingCertificates.Fingerprint(outcome.Peer.Certificate, "the other node");
                if (!outcome.Peer.ForLinks)
                {
                    PairingLog.Paired(_logger, outcome.Peer.Node, fingerprint, remote, outcome.Applied);
                }
                else
                {
                    PairingLog.LinksTrusted(_logger, outcome.Peer.Node, fingerprint, remote, outcome.Applied);
                }

                // Not the session's bounded token: the file is written, so it is applied even when the session's time is up.
                await ReloadAsync(restartRedundancy: !outcome.Peer.ForLinks, _disposing.Token).ConfigureAwait(false);
            }
            finally
            {
                _session.Release();
            }
        }
        catch (PairingRefusedException e) when (e.CodeRefused)
        {
            PairingLog.CodeRefused(_logger, remote, e.Message);
        }
        catch (PairingRefusedException e)
        {
            PairingLog.Failed(_logger, remote, e.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            PairingLog.Failed(_logger, remote, $"no answer within {PairingProtocol.SessionTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
            // The node is stopping.
        }
        catch (Exception e) when (e is IOException or SocketException or FrameProtocolException or ObjectDisposedException)
        {
            PairingLog.Failed(_logger, remote, e.Message);
        }
    }
}
