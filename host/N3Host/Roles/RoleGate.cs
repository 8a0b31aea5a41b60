using N3Host.Contracts;

namespace N3Host.Roles;

/// <summary>
/// The node's role gate. Standalone and active (or the configured mode and standby, see <see cref="InitialRole"/>) until one module (the redundancy core) acquires its control;
/// then that module sets the mode and role.
/// </summary>
internal sealed class RoleGate : IRoleGate
{
    private readonly Lock _lock = new();
    private RoleState _current;
    private RoleController? _controller;
    private Func<bool>? _freshness;
    private long _refused;
    private volatile bool _decided;

    public RoleGate(TimeProvider time)
        : this(StandaloneState(time.GetUtcNow()))
    {
    }

    /// <summary>A gate that reports <paramref name="initial"/> until a module sets the role (<see cref="InitialRole"/>).</summary>
    public RoleGate(RoleState initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;

        // A standalone node's role is known from the start; a primary's or backup's once its redundancy instance says it.
        _decided = initial.Mode == RedundancyMode.Standalone;
    }

    public event EventHandler<RoleState>? Changed;

    public static RoleState StandaloneState(DateTimeOffset now) => new(RedundancyMode.Standalone, NodeRole.Active, 0, "standalone: no module controls the role", now);

    /// <summary>
    /// The role now. While it says active, the controller's freshness check runs first (a node that was frozen fences itself
    /// there and sets standby), so no reader, whether the management API, the supervisor or a publish, ever sees a stale active role.
    /// </summary>
    public RoleState Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (current.Role == NodeRole.Active && Volatile.Read(ref _freshness) is { } stillActive)
            {
                // Read again whatever it answered: a tick that fenced the node between the first read and the check has set
                // standby and marked itself fresh, so the check says true while the first read is stale.
                stillActive();
                current = Volatile.Read(ref _current);
            }

            return current;
        }
    }

    /// <summary>
    /// True once the role is known: from the start on a standalone node, else once the module holding control (the redundancy
    /// instance) has set it, standby while a primary waits for its backup included. Never false again.
    /// </summary>
    public bool Decided => _decided;

    /// <summary>The instance holding control, if any.</summary>
    public string? Holder
    {
        get
        {
            lock (_lock)
            {
                return _controller?.Owner;
            }
        }
    }

    /// <summary>Gives control to <paramref name="owner"/>; throws if another holds it.</summary>
    public IRoleController Acquire(string owner)
    {
        lock (_lock)
        {
            if (_controller is not null)
            {
                throw new InvalidOperationException($"role control is already held by instance \"{_controller.Owner}\": only one module may control the node's role");
            }

            _controller = new RoleController(this, owner);
            return _controller;
        }
    }

    /// <summary>Values of ActiveOnly modules refused because the node turned out not to be active any more (a freeze).</summary>
    public long RefusedPublishes => Interlocked.Read(ref _refused);

    /// <summary>True if an ActiveOnly module's value may enter the tag bus (the node is active, see <see cref="Current"/>); counts what it refuses.</summary>
    public bool MayPublish()
    {
        if (Current.Role == NodeRole.Active)
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    internal void SetFreshness(RoleController controller, Func<bool> stillActive)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_controller, controller))
            {
                Volatile.Write(ref _freshness, stillActive);
            }
        }
    }

    internal void Set(RoleController controller, RoleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_lock)
        {
            if (!ReferenceEquals(_controller, controller))
            {
                throw new InvalidOperationException("this role controller was released; acquire control again");
            }

            Volatile.Write(ref _current, state);
            _decided = true;
        }

        Changed?.Invoke(this, state);
    }

    internal void Release(RoleController controller)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_controller, controller))
            {
                _controller = null;
                _freshness = null;
            }
        }
    }
}
