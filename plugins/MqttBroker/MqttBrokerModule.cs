using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;
using N3Host.Contracts;
using N3Host.Plugins.MqttBroker.Diagnostics;
using N3Host.PluginKit.Mqtt;
using N3Host.Plugins.MqttBroker.Security;
using N3Host.Plugins.MqttBroker.Settings;
using N3Host.PluginKit.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace N3Host.Plugins.MqttBroker;

/// <summary>
/// An embedded MQTT broker (MQTTnet), so a fresh node has a broker to publish to. It runs whatever the node's role.
/// A client's queue holds up to maxPendingMessagesPerClient messages; beyond that the oldest is dropped, counted in the
/// status section and logged. Accepted sockets use TCP_NODELAY.
/// </summary>
[N3Module("MqttBroker", Follows = RoleFollowing.Always, Description = "Embedded MQTT broker (MQTTnet)")]
public sealed class MqttBrokerModule(IOptions<BrokerOptions> options) : IModule, IConfigureServices, IDisposable
{
    private readonly BrokerPlan _plan = (options ?? throw new ArgumentNullException(nameof(options))).Value.ToPlan();
    private IModuleContext? _context;
    private MqttServer? _server;
    private BrokerCounters? _counters;
    private IDisposable? _metrics;

    /// <summary>Binds and validates the instance's <see cref="BrokerOptions"/> (every bad setting at once, before construction).</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) => services.AddSettings<BrokerOptions>(settings);

    /// <summary>The status section's key for an instance.</summary>
    public static string StatusKey(string instanceName) => $"broker:{instanceName}";

    /// <inheritdoc />
    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_server is not null)
        {
            throw new InvalidOperationException($"MqttBroker {context.InstanceName} is already running");
        }

        var plan = _plan;
        cancellationToken.ThrowIfCancellationRequested();
        var counters = new BrokerCounters(context.Logger, context.InstanceName, plan.MaxPendingMessagesPerClient, context.Time);
        var server = new MqttServerFactory().CreateMqttServer(BuildOptions(plan), new MqttNetLoggerBridge(context.Logger, LogLevel.Error));
        Observe(server, counters, plan, context);
        try
        {
            await server.StartAsync();
        }
        catch (SocketException error)
        {
            server.Dispose();
            var reason = StartFailure.Describe(error, plan, context.InstanceName);
            Log.StartFailed(context.Logger, context.InstanceName, reason);
            throw new InvalidOperationException(reason, error);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        _context = context;
        _server = server;
        _counters = counters;
        var endpoint = new IPEndPoint(plan.BindAddress, plan.Port).ToString();
        BrokerStatus Snapshot() => new(
            endpoint, counters.ClientsConnected, counters.MessagesReceived, counters.MessagesQueued, counters.MessagesDropped, plan.MaxPendingMessagesPerClient);
        context.Services.AddStatus(StatusKey(context.InstanceName), Snapshot);
        _metrics = BrokerMetrics.Instruments.Track(context.InstanceName, Snapshot);
        Log.Started(context.Logger, context.InstanceName, plan.BindAddress.ToString(), plan.Port,
            plan.Credentials is null ? "no authentication" : "user name and password required", plan.MaxPendingMessagesPerClient);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null || _context is null || _counters is null)
        {
            return;
        }

        try
        {
            await _server.StopAsync().WaitAsync(cancellationToken);
        }
        finally
        {
            _server.Dispose();
            _server = null;
            _context.Services.RemoveStatus(StatusKey(_context.InstanceName));
            _metrics?.Dispose();
            _metrics = null;
            _counters.Flush();
            Log.Stopped(_context.Logger, _context.InstanceName, _counters.MessagesReceived, _counters.MessagesDropped);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }

    private static MqttServerOptions BuildOptions(BrokerPlan plan)
    {
        var ipv4 = plan.BindAddress.AddressFamily == AddressFamily.InterNetwork;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(plan.Port)
            .WithDefaultEndpointBoundIPAddress(ipv4 ? plan.BindAddress : IPAddress.None)
            .WithDefaultEndpointBoundIPV6Address(ipv4 ? IPAddress.None : plan.BindAddress)
            .WithMaxPendingMessagesPerClient(plan.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .WithPersistentSessions(true)
            .Build();

        // Without TCP_NODELAY a message waits ~40 ms for Nagle's algorithm; with it ~0.1 ms on loopback.
        options.DefaultEndpointOptions.NoDelay = true;
        return options;
    }

    private static void Observe(MqttServer server, BrokerCounters counters, BrokerPlan plan, IModuleContext context)
    {
        var instance = context.InstanceName;
        server.ValidatingConnectionAsync += e =>
        {
            // MQTT lets a client with a clean session send no client id and have the broker assign one
            // (mosquitto_sub does so when not given -i); MQTTnet refuses it unless an id is assigned here.
            if (string.IsNullOrEmpty(e.ClientId))
            {
                e.AssignedClientIdentifier = $"auto-{Guid.NewGuid():N}";
            }

            if (plan.Credentials is not null && !CredentialCheck.Matches(plan.Credentials, e.UserName, e.Password))
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                Log.ClientRefused(context.Logger, instance, e.ClientId, e.RemoteEndPoint?.ToString(), e.UserName);
            }

            return Task.CompletedTask;
        };
        server.ClientConnectedAsync += e =>
        {
            counters.ClientConnected();
            Log.ClientConnected(context.Logger, instance, e.ClientId, e.RemoteEndPoint?.ToString());
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += e =>
        {
            counters.ClientDisconnected();
            Log.ClientDisconnected(context.Logger, instance, e.ClientId, e.DisconnectType.ToString());
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += _ =>
        {
            counters.Received();
            return Task.CompletedTask;
        };
        server.ApplicationMessageEnqueuedOrDroppedAsync += e =>
        {
            if (e.IsDropped)
            {
                counters.Dropped(e.ReceiverClientId);
            }
            else
            {
                counters.Queued();
            }

            return Task.CompletedTask;
        };
        server.QueuedApplicationMessageOverwrittenAsync += e =>
        {
            counters.Dropped(e.ReceiverClientId);
            return Task.CompletedTask;
        };
    }
}
