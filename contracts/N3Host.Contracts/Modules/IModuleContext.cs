using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace N3Host.Contracts;

/// <summary>What the host gives a module instance.</summary>
public interface IModuleContext
{
    /// <summary>The instance name from modules.json.</summary>
    string InstanceName { get; }

    /// <summary>The module's manifest.</summary>
    ModuleManifest Manifest { get; }

    /// <summary>The node this instance runs on.</summary>
    NodeInfo Node { get; }

    /// <summary>The instance's logger (category <c>N3Host.Modules.&lt;instance&gt;</c>).</summary>
    ILogger Logger { get; }

    /// <summary>The instance's <c>settings</c> object from modules.json.</summary>
    IConfiguration Settings { get; }

    /// <summary>The instance's own data folder (created by the host): <c>&lt;node data&gt;/modules/&lt;instance&gt;</c>.</summary>
    string DataDirectory { get; }

    /// <summary>The node's tag bus.</summary>
    ITagBus Tags { get; }

    /// <summary>The node's role gate.</summary>
    IRoleGate RoleGate { get; }

    /// <summary>The clock every timer and timeout must use.</summary>
    TimeProvider Time { get; }

    /// <summary>Where stored-data journals are registered, for replication between the nodes of a pair.</summary>
    IJournalRegistry Journals { get; }

    /// <summary>Every instance's lifecycle state.</summary>
    IModuleStates Modules { get; }

    /// <summary>Node-wide services that modules offer each other and the management API.</summary>
    INodeServices Services { get; }

    /// <summary>The node's own TLS certificate (generated on first start), for the peer link and links.</summary>
    INodeCertificate Certificate { get; }

    /// <summary>
    /// Takes control of the node's role gate. Only one instance (the redundancy core) may hold it;
    /// a second call throws <see cref="InvalidOperationException"/>. Until then the node is standalone and active.
    /// </summary>
    IRoleController AcquireRoleControl();

    /// <summary>
    /// Tells the host this instance failed while running (for example its background loop threw).
    /// The host stops it, marks it faulted with the error, and restarts it after the back-off.
    /// </summary>
    void ReportFault(Exception error);

    /// <summary>
    /// Tells the host this instance runs but cannot do all of its work, for a reason it waits out itself (for example a
    /// full or read-only disk): the host shows it <see cref="ModuleState.Degraded"/> with <paramref name="condition"/> as its
    /// last error, and neither stops nor restarts it. Null: the condition is over (the instance shows
    /// <see cref="ModuleState.Active"/> again). Only a running instance shows it; a stop ends it. Added in contracts 1.3
    /// (the default does nothing, for contexts made before it).
    /// </summary>
    void ReportDegraded(string? condition)
    {
    }
}
