using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace Links.Tests.Hosting;

/// <summary>
/// The host side of in-process tests: one node (name, data folder, tag bus, role gate, certificate,
/// services, journals) that hosts module instances the way the host does: constructed once, started
/// and stopped.
/// </summary>
public sealed class TestNode : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-links");

    public TestNode(string name, TimeProvider? time = null)
    {
        Name = name;
        Time = time ?? TimeProvider.System;
        RoleGate = new HostRoleGate(Time);
        Certificate = HostCertificate.Create(name);
        Info = new NodeInfo(name, DataDirectory, new Version(0, 1, 0), new Version(1, 0), Path.Combine(_folder.Path, "modules.json"));
    }

    public string Name { get; }

    public string DataDirectory => _folder.Path;

    public NodeInfo Info { get; }

    public TimeProvider Time { get; }

    public HostTagBus Tags { get; } = new();

    public HostRoleGate RoleGate { get; }

    public HostNodeServices Services { get; } = new();

    public HostJournalRegistry Journals { get; } = new();

    public TestLog Logs { get; } = new();

    public HostCertificate Certificate { get; set; }

    /// <summary>Creates a module instance with its settings (an anonymous object, as in modules.json), on this node's shared parts.</summary>
    public (TModule Module, ModuleTestContext Context) Create<TModule>(string instance, string module, object settings, Func<IModuleContext, TModule> factory)
    {
        var context = new ModuleTestContext(module, settings, instance, Time, dataDirectory: Path.Combine(DataDirectory, "modules", instance),
            nodeInfo: Info, log: Logs, bus: Tags, gate: RoleGate, registry: Journals, services: Services, certificate: Certificate);
        return (factory(context), context);
    }

    /// <summary>Starts the host's status publisher for this node (its role, status sections and the states its modules publish) on <paramref name="broker"/>.</summary>
    public HostNodeStatus PublishStatus(string broker) =>
        HostNodeStatus.Start(broker, Info, new HostModuleStates(), RoleGate, Services, Logs, time: Time);

    public void Dispose()
    {
        Certificate.Certificate.Dispose();
        _folder.Dispose();
    }
}
