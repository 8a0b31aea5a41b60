using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Testing.Harness;

namespace Links.Tests.Hosting;

/// <summary>The host side for in-process tests: what the host gives one module instance.</summary>
public sealed class TestModuleContext(TestNode node, string instance, string module, IConfiguration settings) : IModuleContext
{
    public string InstanceName { get; } = instance;

    public ModuleManifest Manifest { get; } = new(module, new Version(0, 1, 0), RoleFollowing.ActiveOnly, new Version(1, 0), null);

    public NodeInfo Node => node.Info;

    public ILogger Logger { get; } = node.Logs.CreateLogger($"N3Host.Modules.{instance}");

    public IConfiguration Settings { get; } = settings;

    public string DataDirectory { get; } = Directory.CreateDirectory(Path.Combine(node.DataDirectory, "modules", instance)).FullName;

    public ITagBus Tags => node.Tags;

    public IRoleGate RoleGate => node.RoleGate;

    public TimeProvider Time => node.Time;

    public IJournalRegistry Journals => node.Journals;

    public IModuleStates Modules { get; } = new HostModuleStates();

    public INodeServices Services => node.Services;

    public INodeCertificate Certificate => node.Certificate;

    public List<Exception> Faults { get; } = [];

    /// <summary>The condition last reported with <see cref="ReportDegraded"/> (null: none, or it ended).</summary>
    public string? Condition { get; private set; }

    /// <summary>Every report, in order (null for "the condition is over").</summary>
    public List<string?> DegradedReports { get; } = [];

    public IRoleController AcquireRoleControl() => throw new InvalidOperationException("not in these tests");

    public void ReportFault(Exception error)
    {
        lock (Faults)
        {
            Faults.Add(error);
        }
    }

    public void ReportDegraded(string? condition)
    {
        lock (DegradedReports)
        {
            DegradedReports.Add(condition);
            Condition = condition;
        }
    }
}
