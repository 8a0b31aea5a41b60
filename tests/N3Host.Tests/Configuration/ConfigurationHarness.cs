using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Testing.Harness;
using N3Host.Api;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Plugins;
using N3Host.Supervision;
using N3Host.Tests.Supervision;

namespace N3Host.Tests.Configuration;

/// <summary>
/// A node's configuration service over a real modules.json in a temp folder and a real supervisor running the fake modules
/// (module names FakeActive, FakeAlways, FakeRedundancy; the instances of module "Redundancy" run FakeRedundancy).
/// </summary>
internal sealed class ConfigurationHarness : IAsyncDisposable
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FakeActive"] = typeof(FakeActiveModule),
        ["FakeAlways"] = typeof(FakeAlwaysModule),
        ["Redundancy"] = typeof(FakeRedundancyModule),
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "n3host-config-" + Guid.NewGuid().ToString("N"));
    private ModuleSupervisor? _supervisor;

    private ConfigurationHarness(string text)
    {
        Directory.CreateDirectory(_folder);
        ConfigPath = Path.Combine(_folder, "modules.json");
        File.WriteAllText(ConfigPath, text);
    }

    public string ConfigPath { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public Recorder Recorder { get; } = new();

    public TestLog Logs { get; } = new();

    public NodeRuntime Runtime { get; private set; } = null!;

    public NodeContext Node { get; private set; } = null!;

    public SharedConfigurationService Service { get; private set; } = null!;

    public string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<ConfigurationHarness> StartAsync(string text)
    {
        var harness = new ConfigurationHarness(text);
        await harness.StartNodeAsync();
        return harness;
    }

    /// <summary>Stops the node (keeping its folder) and starts it again from its modules.json.</summary>
    public async Task RestartAsync()
    {
        Service.Dispose();
        await _supervisor!.DisposeAsync();
        await StartNodeAsync();
    }

    /// <summary>Advances the fake clock and waits until the supervisor handled what that caused (restarts after a back-off).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await _supervisor!.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public ModuleStatus State(string instance) => Runtime.ModuleStates.Current.Single(s => s.Instance == instance);

    public async ValueTask DisposeAsync()
    {
        Service?.Dispose();
        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static IReadOnlyList<ModuleDefinition> Resolve(NodeConfiguration config, IReadOnlyList<ModuleDefinition> before) =>
        [.. config.Modules.Select(m =>
        {
            var type = Types[m.Module];
            var attribute = (N3ModuleAttribute)Attribute.GetCustomAttribute(type, typeof(N3ModuleAttribute))!;
            var manifest = new ModuleManifest(m.Module, new Version(1, 0, 0), attribute.Follows, new Version(1, 0, 0, 0), null);
            return new ModuleDefinition(m, m.Enabled ? type : null, m.Enabled ? manifest : null, "1.0.0", null);
        })];

    private async Task StartNodeAsync()
    {
        var config = ConfigurationLoader.Load(ConfigPath);
        Directory.CreateDirectory(config.Node.DataDirectory);
        var node = new NodeInfo(config.Node.Name, config.Node.DataDirectory, new Version(0, 1), new Version(1, 0), ConfigPath);
        Runtime = new NodeRuntime(node, SupervisorHarness.Certificate.Value, new LoggerFactory([Logs]), Time);
        Runtime.Services.Add(Recorder);
        var definitions = Resolve(config, []);
        var plugins = Path.Combine(_folder, "plugins");
        Directory.CreateDirectory(plugins);
        Node = new NodeContext(config, PluginCatalog.Discover(plugins, new Version(1, 0)), definitions, Runtime);
        _supervisor = new ModuleSupervisor(definitions, Runtime, config.Supervisor);
        Service = new SharedConfigurationService(Node, _supervisor, Time, Runtime.LoggerFactory.CreateLogger("config"), Resolve);
        Node.Configuration = Service;
        await _supervisor.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
