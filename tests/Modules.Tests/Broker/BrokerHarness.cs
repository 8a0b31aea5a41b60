using MQTTnet;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using N3Host.Plugins.MqttBroker;
using N3Host.Plugins.MqttBroker.Diagnostics;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Broker;

/// <summary>An MqttBroker instance hosted in-process on a free loopback port, and the MQTTnet clients a test opens against it.</summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    private readonly List<IMqttClient> _clients = [];
    private bool _started;
    private bool _errorsExpected;

    public BrokerHarness(ITestOutputHelper output, object? extraSettings = null, int? port = null)
    {
        Port = port ?? FreePort.Get();
        var settings = new Dictionary<string, object?> { ["port"] = Port };
        if (extraSettings is not null)
        {
            foreach (var property in extraSettings.GetType().GetProperties())
            {
                settings[property.Name] = property.GetValue(extraSettings);
            }
        }

        Context = new ModuleTestContext("MqttBroker", settings, "broker", null, output);
    }

    public int Port { get; }

    public ModuleTestContext Context { get; }

    /// <summary>The module, constructed as the host does (its options bound from the context's settings) on first use.</summary>
    public MqttBrokerModule Module => _module ??= ModuleFactory.Create<MqttBrokerModule>(Context);

    private MqttBrokerModule? _module;

    public MqttClientFactory Factory { get; } = new();

    public BrokerStatus Status => Context.NodeServices.GetStatus<BrokerStatus>(MqttBrokerModule.StatusKey("broker"));

    public async Task StartAsync()
    {
        await Module.StartAsync(Context, CancellationToken.None);
        _started = true;
    }

    public MqttClientOptionsBuilder ClientOptions(string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId(clientId).WithTimeout(TimeSpan.FromSeconds(20));

    public IMqttClient NewClient()
    {
        var client = Factory.CreateMqttClient();
        _clients.Add(client);
        return client;
    }

    public async Task<IMqttClient> ConnectAsync(string clientId, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var options = ClientOptions(clientId);
        configure?.Invoke(options);
        var client = NewClient();
        var result = await client.ConnectAsync(options.Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"client {clientId} was refused: {result.ResultCode}");
        }

        return client;
    }

    /// <summary>Lets the test end with error entries in the log (it expects them); otherwise any error fails it.</summary>
    public void ExpectErrors() => _errorsExpected = true;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }

        if (_started)
        {
            await Module.StopAsync(CancellationToken.None);
        }

        Module.Dispose();
        Context.Dispose();
        if (!_errorsExpected)
        {
            Context.Log.ThrowIfUnexpectedErrors();
        }
    }
}
