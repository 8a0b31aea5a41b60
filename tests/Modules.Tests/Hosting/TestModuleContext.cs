using System.Collections.Concurrent;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using N3Host.Testing;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>The host side of one module instance, for running a module in-process in a test.</summary>
internal sealed class TestModuleContext : IModuleContext, IDisposable
{
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly TaskCompletionSource<Exception> _firstFault = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HostRoleGate _roleGate;
    private readonly string _dataDirectory;
    private ITagBus? _tags;

    /// <param name="instanceName">The instance name.</param>
    /// <param name="moduleName">The module name.</param>
    /// <param name="settings">The <c>settings</c> object, as in modules.json (an anonymous object, or null for none).</param>
    /// <param name="time">The clock (a FakeTimeProvider in unit tests).</param>
    /// <param name="output">Where log lines are echoed.</param>
    public TestModuleContext(string instanceName, string moduleName, object? settings, TimeProvider? time = null, ITestOutputHelper? output = null)
    {
        InstanceName = instanceName;
        Time = time ?? TimeProvider.System;
        Log = new TestLog(output: output);
        Settings = SettingsFrom(settings);
        _roleGate = new HostRoleGate(Time);
        _dataDirectory = Path.Combine(Path.GetTempPath(), "n3host-modules-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);
        Manifest = new ModuleManifest(moduleName, new Version(0, 1, 0), RoleFollowing.ActiveOnly, new Version(1, 0), null);
        Node = new NodeInfo("test-node", _dataDirectory, new Version(0, 1, 0), new Version(1, 0), Path.Combine(_dataDirectory, "modules.json"));
    }

    public string InstanceName { get; }

    public ModuleManifest Manifest { get; }

    public NodeInfo Node { get; }

    public TestLog Log { get; }

    public ILogger Logger => Log.Logger;

    public IConfiguration Settings { get; }

    public string DataDirectory => _dataDirectory;

    /// <summary>The real test bus; <see cref="Tags"/> unless a test replaces it.</summary>
    public HostTagBus Bus { get; } = new();

    public ITagBus Tags
    {
        get => _tags ?? Bus;
        set => _tags = value;
    }

    public IRoleGate RoleGate => _roleGate;

    public TimeProvider Time { get; }

    public IJournalRegistry Journals { get; } = new HostJournalRegistry();

    public IModuleStates Modules { get; } = new HostModuleStates();

    public HostNodeServices NodeServices { get; } = new();

    public INodeServices Services => NodeServices;

    public INodeCertificate Certificate { get; } = HostCertificate.Create("modules-tests");

    /// <summary>Every fault the module reported.</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    /// <summary>Completes with the first reported fault.</summary>
    public Task<Exception> FirstFault => _firstFault.Task;

    public IRoleController AcquireRoleControl() => _roleGate.Acquire(InstanceName);

    public void ReportFault(Exception error)
    {
        _faults.Enqueue(error);
        _firstFault.TrySetResult(error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private static IConfiguration SettingsFrom(object? settings)
    {
        var json = settings switch
        {
            null => "{}",
            string text => text,
            _ => JsonSerializer.Serialize(settings),
        };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }
}
