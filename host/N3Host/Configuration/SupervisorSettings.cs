namespace N3Host.Configuration;

/// <summary>The <c>supervisor</c> section of modules.json.</summary>
/// <param name="RestartBackoff">The first wait before a faulted module is restarted; it doubles with each fault in a row.</param>
/// <param name="MaxRestartBackoff">The longest wait; also how long a module must run for its back-off to start again from the first wait.</param>
/// <param name="ModuleTimeout">How long a module's constructor-to-start, or stop, may take before it is faulted.</param>
internal sealed record SupervisorSettings(TimeSpan RestartBackoff, TimeSpan MaxRestartBackoff, TimeSpan ModuleTimeout)
{
    public const int DefaultRestartBackoffMs = 1000;
    public const int DefaultMaxRestartBackoffMs = 60_000;
    public const int DefaultModuleTimeoutMs = 30_000;

    public static SupervisorSettings Default { get; } = new(
        TimeSpan.FromMilliseconds(DefaultRestartBackoffMs),
        TimeSpan.FromMilliseconds(DefaultMaxRestartBackoffMs),
        TimeSpan.FromMilliseconds(DefaultModuleTimeoutMs));
}
