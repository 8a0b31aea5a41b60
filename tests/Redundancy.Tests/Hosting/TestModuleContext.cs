using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>The host side for one module instance in-process: settings from an object, a data folder, a role gate, services.</summary>
public sealed class TestModuleContext : IModuleContext
{
    private readonly List<Exception> _faults = [];

    public TestModuleContext(string node, string dataDirectory, object settings, TimeProvider time, RoleHistory history, HostCertificate? certificate = null)
    {
        Directory.CreateDirectory(dataDirectory);
        Node = new NodeInfo(node, dataDirectory, new Version(0, 1, 0), new Version(1, 0, 0), Path.Combine(dataDirectory, "modules.json"));
        DataDirectory = Path.Combine(dataDirectory, "modules", "redundancy");
        Directory.CreateDirectory(DataDirectory);
        var json = JsonSerializer.SerializeToUtf8Bytes(settings);
        Settings = new ConfigurationBuilder().AddJsonStream(new MemoryStream(json)).Build();
        Time = time;
        Gate = new TestRoleGate(node, history);
        Log = new TestLog(node, minimum: Microsoft.Extensions.Logging.LogLevel.Debug);
        Certificate = certificate ?? HostCertificate.Create(node);
        ModuleStates.Set(new ModuleStatus("redundancy", "Redundancy", "0.1.0", ModuleState.Starting, null, time.GetUtcNow()));
    }

    public string InstanceName => "redundancy";

    public ModuleManifest Manifest { get; } = new("Redundancy", new Version(0, 1, 0), RoleFollowing.Always, new Version(1, 0, 0), null);

    public NodeInfo Node { get; }

    public ILogger Logger => Log;

    public TestLog Log { get; }

    public IConfiguration Settings { get; }

    public string DataDirectory { get; }

    public ITagBus Tags { get; } = new HostTagBus();

    public IRoleGate RoleGate => Gate;

    public TestRoleGate Gate { get; }

    public TimeProvider Time { get; }

    public IJournalRegistry Journals { get; } = new HostJournalRegistry();

    public IModuleStates Modules => ModuleStates;

    public HostModuleStates ModuleStates { get; } = new();

    public INodeServices Services => NodeServices;

    public HostNodeServices NodeServices { get; } = new();

    public INodeCertificate Certificate { get; }

    public IReadOnlyList<Exception> Faults => _faults;

    public IRoleController AcquireRoleControl() => Gate.Acquire();

    public void ReportFault(Exception error) => _faults.Add(error);

    public static string Text(object value) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value));
}
