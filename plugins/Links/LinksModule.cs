using N3Host.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Links;

/// <summary>
/// Links between nodes. A <c>client</c> instance runs on a remote node and sends its tag values (store
/// and forward on disk, exactly once) to a <c>server</c> instance on the central node, which publishes
/// them under a prefix. Runs only while the node is active: on a pair's standby node the server does
/// not listen, which is how a RedundancyAgent finds the active node.
/// </summary>
[N3Module("Links", Follows = RoleFollowing.ActiveOnly, Description = "Sends a remote node's tags to a central node over mutually authenticated TLS, with store-and-forward")]
public sealed class LinksModule : IModule, IConfigureServices
{
    private readonly IModuleContext _context;
    private readonly LinkRole _role;
    private readonly LinkServerOptions? _serverOptions;
    private readonly LinkClientOptions? _clientOptions;
    private readonly MqttStatusOptions? _mqttOptions;
    private readonly ReceiptJournal? _receipts;
    private LinkServer? _server;
    private LinkClient? _client;
    private IDisposable? _metrics;
    private CancellationTokenSource? _mqttStopping;
    private Task _mqtt = Task.CompletedTask;

    public LinksModule(IModuleContext context, IOptions<LinksOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        var settings = options.Value;
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(context.Node.ConfigPath)) ?? Environment.CurrentDirectory;
        _role = settings.Role;
        _serverOptions = _role == LinkRole.Server ? settings.ToServer(baseDirectory) : null;
        _clientOptions = _role == LinkRole.Client ? settings.ToClient(baseDirectory) : null;
        _mqttOptions = settings.Mqtt?.WhenEnabled();
        if (_role == LinkRole.Server)
        {
            _receipts = new ReceiptJournal($"links.{context.InstanceName}", context.DataDirectory, context.Node.Name, context.Time, () => context.RoleGate.Current.Term);
            context.Journals.Register(_receipts);
        }
    }

    /// <summary>Binds and validates the instance's <see cref="LinksOptions"/> (every bad setting at once, before construction).</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) => services.AddSettings<LinksOptions>(settings);

    private string StatusKey => $"links:{_context.InstanceName}";

    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        if (_role == LinkRole.Server)
        {
            var server = new LinkServer(_serverOptions!, _context, _context.Logger, _receipts!);
            await server.StartAsync(cancellationToken);
            _server = server;
            _context.Services.AddStatus(StatusKey, server.Snapshot);
        }
        else
        {
            var client = new LinkClient(_clientOptions!, _context, _context.Logger);
            await client.StartAsync(cancellationToken);
            _client = client;
            _context.Services.AddStatus(StatusKey, client.Snapshot);
        }

        _metrics = LinksMetrics.Instruments.Track(_context.InstanceName, () => (object?)_server?.Snapshot() ?? _client?.Snapshot());
        if (_mqttOptions is { } mqtt)
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
        _metrics?.Dispose();
        _metrics = null;
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
