using N3Host.Contracts;

namespace N3Host.Roles;

/// <summary>Control of the <see cref="RoleGate"/>, held by one module instance until disposed (or until that incarnation ends).</summary>
internal sealed class RoleController(RoleGate gate, string owner) : IRoleController
{
    public string Owner { get; } = owner;

    public void Set(RoleState state) => gate.Set(this, state);

    public void SetFreshness(Func<bool> stillActive) => gate.SetFreshness(this, stillActive);

    public void Dispose() => gate.Release(this);
}
