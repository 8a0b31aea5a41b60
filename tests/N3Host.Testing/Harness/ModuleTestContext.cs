using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using Xunit.Abstractions;

namespace N3Host.Testing.Harness;

/// <summary>
/// What the host gives one module instance, for running a module in-process in a test, on the host's real tag bus,
/// role gate, journal registry, module states and node services. Several instances of one node share those parts when
/// they are passed in (see the Links tests' TestNode); otherwise each context has its own.
/// </summary>
public sealed class ModuleTestContext : IModuleContext, IDisposable
{
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly ConcurrentQueue<string?> _conditions = new();
    private readonly TaskCompletionSource<Exception> _firstFault = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _ownedFolder;
    private readonly Lazy<INodeCertificate> _certificate;
    private ITagBus? _tags;

    /// <param name="module">The module's name (its manifest's).</param>
    /// <param name="settings">The instance's <c>settings</c>: an anonymous object as in modules.json, JSON text, a dictionary of keys, an <see cref="IConfiguration"/>, or null for none.</param>
    /// <param name="instance">The instance name (the module's name in lower case unless told).</param>
    /// <param name="time">The clock (a FakeTimeProvider in unit tests; the system's unless told).</param>
    /// <param name="output">Where log lines are echoed.</param>
    /// <param name="node">The node's name, or its <see cref="NodeInfo"/> when several contexts share a node.</param>
    /// <param name="dataDirectory">The instance's data folder (a temporary one, deleted on dispose, unless told).</param>
    public ModuleTestContext(
        string module,
        object? settings = null,
        string? instance = null,
        TimeProvider? time = null,
        ITestOutputHelper? output = null,
        string node = "test-node",
        string? dataDirectory = null,
        NodeInfo? nodeInfo = null,
        TestLog? log = null,
        HostTagBus? bus = null,
        HostRoleGate? gate = null,
        HostJournalRegistry? registry = null,
        HostNodeServices? services = null,
        INodeCertificate? certificate = null,
        RoleFollowing following = RoleFollowing.ActiveOnly)
    {
        InstanceName = instance ?? module.ToLowerInvariant();
        Time = time ?? TimeProvider.System;
        if (dataDirectory is null)
        {
            _ownedFolder = Path.Combine(Path.GetTempPath(), $"n3host-{InstanceName}-{Guid.NewGuid():N}");
            dataDirectory = _ownedFolder;
        }

        DataDirectory = Directory.CreateDirectory(dataDirectory).FullName;
        Node = nodeInfo ?? new NodeInfo(node, DataDirectory, new Version(0, 1, 0), new Version(1, 0), Path.Combine(DataDirectory, "modules.json"));
        Manifest = new ModuleManifest(module, new Version(0, 1, 0), following, new Version(1, 0), null);
        Settings = SettingsFrom(settings);
        Log = log ?? new TestLog(output: output);
        Logger = Log.CreateLogger($"N3Host.Modules.{InstanceName}");
        Bus = bus ?? new HostTagBus();
        Gate = gate ?? new HostRoleGate(Time);
        Registry = registry ?? new HostJournalRegistry();
        NodeServices = services ?? new HostNodeServices();
        _certificate = new Lazy<INodeCertificate>(() => certificate ?? HostCertificate.Create(Node.Name));
    }

    public string InstanceName { get; }

    public ModuleManifest Manifest { get; }

    public NodeInfo Node { get; }

    public TestLog Log { get; }

    public ILogger Logger { get; }

    public IConfiguration Settings { get; }

    public string DataDirectory { get; }

    /// <summary>The host's real tag bus; <see cref="Tags"/> unless a test replaces it.</summary>
    public HostTagBus Bus { get; }

    public ITagBus Tags
    {
        get => _tags ?? Bus;
        set => _tags = value;
    }

    public HostRoleGate Gate { get; }

    public IRoleGate RoleGate => Gate;

    public TimeProvider Time { get; }

    /// <summary>The clock, when the test gave a fake one.</summary>
    public FakeTimeProvider FakeTime => Time as FakeTimeProvider ?? throw new InvalidOperationException("this context runs on a real clock");

    public HostJournalRegistry Registry { get; }

    public IJournalRegistry Journals => Registry;

    public HostModuleStates ModuleStates { get; } = new();

    public IModuleStates Modules => ModuleStates;

    public HostNodeServices NodeServices { get; }

    public INodeServices Services => NodeServices;

    public INodeCertificate Certificate => _certificate.Value;

    /// <summary>Every fault the module reported, in order.</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    /// <summary>Completes with the first reported fault.</summary>
    public Task<Exception> FirstFault => _firstFault.Task;

    /// <summary>The degraded condition the module reports now (null: none, or it ended).</summary>
    public string? Condition { get; private set; }

    /// <summary>Every condition reported, in order (null: its end).</summary>
    public IReadOnlyList<string?> Conditions => [.. _conditions];

    public IRoleController AcquireRoleControl() => Gate.Acquire(InstanceName);

    public void ReportFault(Exception error)
    {
        _faults.Enqueue(error);
        _firstFault.TrySetResult(error);
    }

    public void ReportDegraded(string? condition)
    {
        Condition = condition;
        _conditions.Enqueue(condition);
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated && _certificate.Value is IDisposable owned && owned is HostCertificate)
        {
            owned.Dispose();
        }

        if (_ownedFolder is not null)
        {
            try
            {
                Directory.Delete(_ownedFolder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary folder.
            }
        }
    }

    private static IConfiguration SettingsFrom(object? settings)
    {
        switch (settings)
        {
            case IConfiguration configuration:
                return configuration;
            case IEnumerable<KeyValuePair<string, string?>> keys:
                return new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
            default:
                var json = settings switch
                {
                    null => "{}",
                    string text => text,
                    _ => JsonSerializer.Serialize(settings),
                };
                return new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        }
    }
}
