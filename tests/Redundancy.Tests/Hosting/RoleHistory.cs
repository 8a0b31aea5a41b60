using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>Every role change of every node in a test, in the order they happened, to check that two nodes were never active at once.</summary>
public sealed class RoleHistory
{
    private readonly Lock _lock = new();
    private readonly List<(string Node, RoleState State)> _changes = [];
    private readonly Dictionary<string, NodeRole> _current = [];

    public int MaxActiveAtOnce { get; private set; }

    public IReadOnlyList<(string Node, RoleState State)> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    public void Record(string node, RoleState state)
    {
        lock (_lock)
        {
            _changes.Add((node, state));
            _current[node] = state.Role;
            MaxActiveAtOnce = Math.Max(MaxActiveAtOnce, _current.Values.Count(r => r == NodeRole.Active));
        }
    }
}
