using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Journals;
using N3Host.Roles;
using N3Host.Tags;

namespace N3Host.Node;

/// <summary>The node-wide services every module instance shares.</summary>
internal sealed class NodeRuntime
{
    public NodeRuntime(NodeInfo node, INodeCertificate certificate, ILoggerFactory loggerFactory, TimeProvider time, RoleState? initialRole = null)
    {
        Node = node;
        Certificate = certificate;
        LoggerFactory = loggerFactory;
        Time = time;
        Tags = new TagBus(loggerFactory.CreateLogger<TagBus>(), time);
        RoleGate = initialRole is null ? new RoleGate(time) : new RoleGate(initialRole);
        ModuleStates = new ModuleStates(loggerFactory.CreateLogger<ModuleStates>());
    }

    public NodeInfo Node { get; }

    public INodeCertificate Certificate { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public TagBus Tags { get; }

    public RoleGate RoleGate { get; }

    public JournalRegistry Journals { get; } = new();

    public NodeServices Services { get; } = new();

    public ModuleStates ModuleStates { get; }
}
