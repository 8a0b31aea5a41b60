namespace N3Host.Contracts;

/// <summary>Every module instance's lifecycle state, and a notification on each change.</summary>
public interface IModuleStates
{
    /// <summary>The current state of every configured instance, in modules.json order.</summary>
    IReadOnlyList<ModuleStatus> Current { get; }

    /// <summary>Raised after an instance changes state. Handlers must be quick and must not throw.</summary>
    event EventHandler<ModuleStatus>? Changed;
}
