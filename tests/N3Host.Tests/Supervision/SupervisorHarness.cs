using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Testing.Harness;
using N3Host.Certificates;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Plugins;
using N3Host.Supervision;

namespace N3Host.Tests.Supervision;

/// <summary>A supervisor over fake modules with fake time; the node certificate is made once for all tests.</summary>
internal sealed class SupervisorHarness : IAsyncDisposable
{
    internal static readonly Lazy<NodeCertificate> Certificate = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=n3host-unit", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return new NodeCertificate(certificate, certificate.ExportCertificatePem());
    });

    private readonly string _data = Path.Combine(Path.GetTempPath(), "n3host-unit-" + Guid.NewGuid().ToString("N"));
    private readonly List<ModuleDefinition> _definitions = [];
    private ModuleSupervisor? _supervisor;

    public SupervisorHarness(int backoffMs = 1000, int maxBackoffMs = 8000)
    {
        Settings = new SupervisorSettings(TimeSpan.FromMilliseconds(backoffMs), TimeSpan.FromMilliseconds(maxBackoffMs), TimeSpan.FromSeconds(30));
        var node = new NodeInfo("unit", _data, new Version(0, 1), new Version(1, 0), Path.Combine(_data, "modules.json"));
        Runtime = new NodeRuntime(node, Certificate.Value, new LoggerFactory([Logs]), Time);
        Runtime.Services.Add(Recorder);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public Recorder Recorder { get; } = new();

    public TestLog Logs { get; } = new();

    public SupervisorSettings Settings { get; }

    public NodeRuntime Runtime { get; }

    public ModuleSupervisor Supervisor => _supervisor ?? throw new InvalidOperationException("call StartAsync first");

    public SupervisorHarness Add<TModule>(string instance, object? settings = null)
        where TModule : IModule
    {
        var attribute = (N3ModuleAttribute)Attribute.GetCustomAttribute(typeof(TModule), typeof(N3ModuleAttribute))!;
        var json = JsonSerializer.Serialize(settings ?? new { });
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var config = new ModuleInstanceConfig(instance, attribute.Name, null, true, configuration, json);
        var manifest = new ModuleManifest(attribute.Name, new Version(1, 0, 0), attribute.Follows, new Version(1, 0, 0, 0), null);
        _definitions.Add(new ModuleDefinition(config, typeof(TModule), manifest, "1.0.0", null));
        return this;
    }

    public async Task StartAsync()
    {
        _supervisor = new ModuleSupervisor(_definitions, Runtime, Settings);
        await _supervisor.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until the supervisor has handled everything posted so far (role changes, faults, restarts).</summary>
    public Task SettleAsync() => Supervisor.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await SettleAsync();
    }

    public ModuleStatus State(string instance) => Runtime.ModuleStates.Current.Single(s => s.Instance == instance);

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }

        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
