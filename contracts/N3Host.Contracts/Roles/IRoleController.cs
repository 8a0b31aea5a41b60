namespace N3Host.Contracts;

/// <summary>Control of the node's role gate, held by the redundancy core.</summary>
public interface IRoleController : IDisposable
{
    /// <summary>Sets the node's mode and role. The host starts or stops modules at once; it never waits for I/O.</summary>
    void Set(RoleState state);

    /// <summary>
    /// A check the host makes before a value of an <c>ActiveOnly</c> module enters the tag bus while the node is active
    /// (contracts 1.3): false means the controller is no longer sure the node is active (it found it was frozen) and has set
    /// standby itself; the value is then refused and counted. Must be cheap: it runs on every publish.
    /// </summary>
    void SetFreshness(Func<bool> stillActive)
    {
    }
}
