using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Testing.Harness;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>
/// A real RedundancyModule hosted in-process with its own context, data folder and certificate, on the system clock; with an
/// <c>mqtt.broker</c> in its settings (the place before 0.2, which the host still reads), the host's status publisher runs
/// beside it, as on a node.
/// </summary>
internal sealed class ModuleNode : IAsyncDisposable
{
    private bool _started;
    private HostNodeStatus? _status;

    public ModuleNode(string name, string dataDirectory, HostCertificate certificate, object settings, RoleHistory history)
    {
        Name = name;
        Context = new TestModuleContext(name, dataDirectory, settings, TimeProvider.System, history, certificate);
    }

    public string Name { get; }

    public TestModuleContext Context { get; }

    /// <summary>The module, constructed as the host does (its options bound from the context's settings) on first use.</summary>
    public RedundancyModule Module => _module ??= ModuleFactory.Create<RedundancyModule>(Context);

    private RedundancyModule? _module;

    public RoleState Role => Context.Gate.Current;

    public bool IsActive => Role.Role == NodeRole.Active && Role.Mode != RedundancyMode.Standalone;

    public bool IsStandby => Role.Role == NodeRole.Standby;

    public RedundancyStatus Status => (RedundancyStatus)Context.NodeServices.Status("redundancy")!;

    public IRedundancyControl Control => Context.Services.Get<IRedundancyControl>()!;

    public async Task StartAsync()
    {
        var mqtt = Context.Settings.GetSection("mqtt");
        if (mqtt["broker"] is { } broker && !string.Equals(mqtt["enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            _status = HostNodeStatus.Start(broker, Context.Node, Context.Modules, Context.RoleGate, Context.NodeServices, Context.Log,
                mqtt["topicPrefix"] ?? "n3host", int.Parse(mqtt["statusIntervalMs"] ?? "5000", System.Globalization.CultureInfo.InvariantCulture));
        }

        await Module.StartAsync(Context, CancellationToken.None);
        _started = true;
    }

    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            await Module.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        }

        if (_status is { } status)
        {
            _status = null;
            await status.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    public string Dump() => Context.Log.Dump();

    public async ValueTask DisposeAsync() => await StopAsync();
}
