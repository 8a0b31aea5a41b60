using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Node;

namespace N3Host.Supervision;

/// <summary>What one module incarnation gets from the host.</summary>
internal sealed class ModuleContext : IModuleContext
{
    private readonly NodeRuntime _runtime;
    private readonly Action<Exception> _reportFault;
    private readonly Action<string?> _reportDegraded;
    private readonly Lock _lock = new();
    private IRoleController? _roleController;

    public ModuleContext(NodeRuntime runtime, ModuleManifest manifest, string instanceName, IConfiguration settings, ITagBus tags, Action<Exception> reportFault,
        Action<string?> reportDegraded)
    {
        _runtime = runtime;
        _reportFault = reportFault;
        _reportDegraded = reportDegraded;
        InstanceName = instanceName;
        Manifest = manifest;
        Settings = settings;
        Tags = tags;
        Logger = runtime.LoggerFactory.CreateLogger("N3Host.Modules." + instanceName);
        DataDirectory = Path.Combine(runtime.Node.DataDirectory, "modules", instanceName);
    }

    public string InstanceName { get; }

    public ModuleManifest Manifest { get; }

    public NodeInfo Node => _runtime.Node;

    public ILogger Logger { get; }

    public IConfiguration Settings { get; }

    public string DataDirectory { get; }

    public ITagBus Tags { get; }

    public IRoleGate RoleGate => _runtime.RoleGate;

    public TimeProvider Time => _runtime.Time;

    public IJournalRegistry Journals => _runtime.Journals;

    public IModuleStates Modules => _runtime.ModuleStates;

    public INodeServices Services => _runtime.Services;

    public INodeCertificate Certificate => _runtime.Certificate;

    public IRoleController AcquireRoleControl()
    {
        var controller = _runtime.RoleGate.Acquire(InstanceName);
        lock (_lock)
        {
            _roleController = controller;
        }

        return controller;
    }

    public void ReportFault(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _reportFault(error);
    }

    public void ReportDegraded(string? condition) => _reportDegraded(condition);

    /// <summary>Gives back role control when the incarnation ends, so the next one can take it again.</summary>
    public void ReleaseRoleControl()
    {
        IRoleController? controller;
        lock (_lock)
        {
            controller = _roleController;
            _roleController = null;
        }

        controller?.Dispose();
    }
}
