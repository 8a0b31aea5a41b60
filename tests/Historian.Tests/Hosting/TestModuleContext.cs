using N3Host.Testing;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using Xunit.Abstractions;

namespace Historian.Tests.Hosting;

/// <summary>
/// The host side of an in-process test: what the host gives a module instance (settings from a dictionary,
/// a data folder on disk, a Channel-based tag bus, fake time, a journal registry, node services).
/// </summary>
internal sealed class TestModuleContext : IModuleContext
{
    public TestModuleContext(string dataDirectory, IDictionary<string, string?> settings, FakeTimeProvider time, ITestOutputHelper? output = null, string node = "node1", string instance = "hist")
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        Settings = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        FakeTime = time;
        Gate = new HostRoleGate(time);
        InstanceName = instance;
        Node = new NodeInfo(node, dataDirectory, new Version(0, 1), new Version(1, 0), "modules.json");
        Log = new TestLog(output: output);
    }

    public string InstanceName { get; }

    public ModuleManifest Manifest { get; } = new("Historian", new Version(0, 1), RoleFollowing.ActiveOnly, new Version(1, 0), null);

    public NodeInfo Node { get; }

    public TestLog Log { get; }

    public ILogger Logger => Log.Logger;

    public IConfiguration Settings { get; }

    public string DataDirectory { get; }

    public HostTagBus Bus { get; init; } = new();

    public ITagBus Tags => Bus;

    public HostRoleGate Gate { get; }

    public IRoleGate RoleGate => Gate;

    public FakeTimeProvider FakeTime { get; }

    public TimeProvider Time => FakeTime;

    public HostJournalRegistry Registry { get; } = new();

    public IJournalRegistry Journals => Registry;

    public IModuleStates Modules => throw new NotSupportedException("not used by the historian");

    public HostNodeServices NodeServices { get; } = new();

    public INodeServices Services => NodeServices;

    public INodeCertificate Certificate => throw new NotSupportedException("not used by the historian");

    public ConcurrentQueue<Exception> Faults { get; } = new();

    public IRoleController AcquireRoleControl() => throw new InvalidOperationException("not used by the historian");

    public void ReportFault(Exception error) => Faults.Enqueue(error);

    /// <summary>The degraded condition the module reports now (null: none).</summary>
    public string? Condition { get; private set; }

    /// <summary>Every condition reported, in order (null: its end).</summary>
    public ConcurrentQueue<string?> Conditions { get; } = new();

    public void ReportDegraded(string? condition)
    {
        Condition = condition;
        Conditions.Enqueue(condition);
    }
}
