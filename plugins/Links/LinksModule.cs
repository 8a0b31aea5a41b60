using N3Host.Contracts;
using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.Links;

/// <summary>
/// Links between nodes. A <c>client</c> instance runs on a remote node and sends its tag values (store
/// and forward on disk, exactly once) to a <c>server</c> instance on the central node, which publishes
/// them under a prefix. Runs only while the node is active: on a pair's standby node the server does
/// not listen, which is how a RedundancyAgent finds the active node.
/// </summary>
[N3Module("Links", Follows = RoleFollowing.ActiveOnly, Description = "Sends a remote node's tags to a central node over mutually authenticated TLS, with store-and-forward")]
public sealed class LinksModule : IModule
{
    private readonly IModuleContext _context;
    private readonly LinksOptions _options;
    private readonly ReceiptJournal? _receipts;
    private LinkServer? _server;
    private LinkClient? _client;
    private CancellationTokenSource? _mqttStopping;
    private Task _mqtt = Task.CompletedTask;

    public LinksModule(IModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(context.Node.ConfigPath)) ?? Environment.CurrentDirectory;
        _options = LinksOptionsParser.Parse(context.Settings, context.InstanceName, baseDirectory);
        if (_options.Role == LinkRole.Server)
        {
            _receipts = new ReceiptJournal($"links.{context.InstanceName}", context.DataDirectory, context.Node.Name, context.Time, () => context.RoleGate.Current.Term);
            context.Journals.Register(_receipts);
        }
    }

    private string StatusKey => $"links:{_context.InstanceName}";

    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        if (_options.Role == LinkRole.Server)
        {
            var server = new LinkServer(_options.Server!, _context, _context.Logger, _receipts!);
            await server.StartAsync(cancellationToken);
            _server = server;
            _context.Services.AddStatus(StatusKey, server.Snapshot);
        }
        else
        {
            var client = new LinkClient(_options.Client!, _context, _context.Logger);
            await client.StartAsync(cancellationToken);
            _client = client;
            _context.Services.AddStatus(StatusKey, client.Snapshot);
        }

        if (_options.Mqtt is { } mqtt)
        {
            Func<object> snapshot = _server is { } s ? s.Snapshot : _client!.Snapshot;
            var publisher = new StateTopicPublisher(_context.Services, $"links/{_context.InstanceName}", snapshot, mqtt.Period, _context.Time);
            _mqttStopping = new CancellationTokenSource();
            var stopping = _mqttStopping.Token;
            _mqtt = Task.Run(() => publisher.RunAsync(stopping), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _context.Services.RemoveStatus(StatusKey);
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }

        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync();
        }

        if (_mqttStopping is { } mqtt)
        {
            _mqttStopping = null;
            await mqtt.CancelAsync();
            await _mqtt;
            mqtt.Dispose();
        }
    }
}
