using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Transport.Listening;

namespace N3Host.Plugins.Links;

/// <summary>
/// The receiving side of links: listens (only while the module runs, i.e. while the node is active),
/// accepts clients whose certificate is trusted, publishes their values on the local tag bus under the
/// prefix, and acknowledges them once published and recorded in the receipt journal.
/// </summary>
internal sealed class LinkServer : IAsyncDisposable
{
    private readonly LinkServerOptions _options;
    private readonly IModuleContext _context;
    private readonly ILogger _logger;
    private readonly RateMeter _received;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<LinkServerConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<Guid, StreamSlot> _streams = new();
    private AcceptLoop? _listener;
    private Task _accepting = Task.CompletedTask;
    private long _duplicates;
    private long _rejected;
    private string? _lastRejection;

    public LinkServer(LinkServerOptions options, IModuleContext context, ILogger logger, ReceiptJournal receipts)
    {
        _options = options;
        _context = context;
        _logger = logger;
        Receipts = receipts;
        _received = new RateMeter(context.Time);
    }

    public ReceiptJournal Receipts { get; }

    public string Endpoint => new IPEndPoint(_options.NetworkInterface, _options.Port).ToString();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AcceptLoop listener;
        try
        {
            listener = AcceptLoop.Listen(new IPEndPoint(_options.NetworkInterface, _options.Port), backlog: 128);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException(
                $"Links instance '{_context.InstanceName}': cannot listen on {Endpoint} (settings 'networkInterface' and 'port'): {ex.SocketErrorCode}, {ex.Message}", ex);
        }

        _listener = listener;
        _logger.ServerListening(Endpoint, _options.TrustedCertificates.Count, _options.Prefix);
        _accepting = Task.Run(() => listener.RunAsync(HandleAsync, acceptFailed: null, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }

        // The loop returns once every connection's handler has returned.
        await _accepting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_listener is not null)
        {
            _logger.ServerStopped(Endpoint);
        }

        _stopping.Dispose();
    }

    public LinkServerStatus Snapshot() => new(
        "server",
        Endpoint,
        _listener is not null && !_stopping.IsCancellationRequested,
        _connections.Keys
            .Where(c => c.Hello is not null)
            .Select(c => new LinkPeerStatus(c.Hello!.Node, c.Hello.Instance, c.Remote, c.Hello.StreamId, c.HighWater, c.Since))
            .OrderBy(p => p.Node, StringComparer.Ordinal)
            .ToList(),
        _received.Total,
        _received.PerSecond(),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _rejected),
        Volatile.Read(ref _lastRejection));

    internal void Received(int values, int duplicates)
    {
        _received.Add(values);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    internal void Rejected(string remote, string reason)
    {
        Interlocked.Increment(ref _rejected);
        Volatile.Write(ref _lastRejection, $"{remote}: {reason}");
        _logger.ConnectionRejected(remote, reason);
    }

    internal void Ended(LinkServerConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>
    /// One connection per sender stream: a newer connection closes the older one and waits until it has
    /// finished its last batch, so the high-water mark it starts from is final.
    /// </summary>
    internal async Task<IDisposable> AcquireStreamAsync(LinkHello hello, LinkServerConnection connection, CancellationToken cancellationToken)
    {
        var slot = _streams.GetOrAdd(hello.StreamId, static _ => new StreamSlot());
        if (slot.Owner is { } older && older != connection)
        {
            _logger.LinkReplaced(hello.Node, hello.Instance);
            older.Close();
        }

        await slot.Gate.WaitAsync(cancellationToken);
        slot.Owner = connection;
        return new StreamLease(slot, connection);
    }

    private async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        var connection = new LinkServerConnection(this, socket, _options, _context, _logger);
        _connections[connection] = 0;
        try
        {
            await connection.RunAsync(cancellationToken);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }
}
