using N3Host.Testing;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
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
        InstanceName = instance;
        Node = new NodeInfo(node, dataDirectory, new Version(0, 1), new Version(1, 0), "modules.json");
        Logger = new TestLogger(output, Errors);
    }

    public string InstanceName { get; }

    public ModuleManifest Manifest { get; } = new("Historian", new Version(0, 1), RoleFollowing.ActiveOnly, new Version(1, 0), null);

    public NodeInfo Node { get; }

    public ILogger Logger { get; }

    public IConfiguration Settings { get; }

    public string DataDirectory { get; }

    public HostTagBus Bus { get; init; } = new();

    public ITagBus Tags => Bus;

    public TestRoleGate Gate { get; } = new();

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

    public ConcurrentQueue<string> Errors { get; } = new();

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

    private sealed class TestLogger(ITestOutputHelper? output, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {eventId.Name}: {formatter(state, exception)}";
            if (logLevel >= LogLevel.Error)
                errors.Enqueue(line);
            try
            {
                output?.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished.
            }
        }
    }
}
