namespace N3Host.Contracts;

/// <summary>Control of the node's role gate, held by the redundancy core.</summary>
public interface IRoleController : IDisposable
{
    /// <summary>Sets the node's mode and role. The host starts or stops modules at once; it never waits for I/O.</summary>
    void Set(RoleState state);
}
