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

    public RoleGate(TimeProvider time)
        : this(StandaloneState(time.GetUtcNow()))
    {
    }

    /// <summary>A gate that reports <paramref name="initial"/> until a module sets the role (<see cref="InitialRole"/>).</summary>
    public RoleGate(RoleState initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    public event EventHandler<RoleState>? Changed;

    public static RoleState StandaloneState(DateTimeOffset now) => new(RedundancyMode.Standalone, NodeRole.Active, 0, "standalone: no module controls the role", now);

    public RoleState Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

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

    internal void Set(RoleController controller, RoleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_lock)
        {
            if (!ReferenceEquals(_controller, controller))
            {
                throw new InvalidOperationException("this role controller was released; acquire control again");
            }

            _current = state;
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
            }
        }
    }
}
