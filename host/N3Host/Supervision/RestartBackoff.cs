using N3Host.Configuration;

namespace N3Host.Supervision;

/// <summary>
/// When a faulted instance is brought up again: after the first back-off, doubled per fault in a row, at most the
/// maximum; a run that stayed up for the maximum back-off starts the count again. Timers run on <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RestartBackoff(SupervisorSettings settings, TimeProvider time, Action<ModuleInstance, long> due)
{
    /// <summary>The wait before restart number <paramref name="faultsInARow"/>: the first back-off, doubled per fault in a row, at most the maximum.</summary>
    public static TimeSpan Delay(SupervisorSettings settings, int faultsInARow)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factor = Math.Pow(2, Math.Min(faultsInARow - 1, 40));
        var ms = Math.Min(settings.RestartBackoff.TotalMilliseconds * factor, settings.MaxRestartBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>Counts the fault and arms the instance's restart timer; returns the wait.</summary>
    public TimeSpan Schedule(ModuleInstance instance)
    {
        if (instance.ActiveSince is { } since && time.GetElapsedTime(since) >= settings.MaxRestartBackoff)
        {
            instance.ConsecutiveFaults = 0;
        }

        instance.ActiveSince = null;
        instance.ConsecutiveFaults++;
        var delay = Delay(settings, instance.ConsecutiveFaults);
        var token = ++instance.RestartToken;
        instance.RestartTimer?.Dispose();
        instance.RestartTimer = time.CreateTimer(_ => due(instance, token), null, delay, Timeout.InfiniteTimeSpan);
        return delay;
    }

    /// <summary>True when the restart <paramref name="token"/> is the one still armed for the instance; disarms it.</summary>
    public static bool TakeDue(ModuleInstance instance, long token)
    {
        if (token != instance.RestartToken)
        {
            return false;
        }

        Cancel(instance, invalidate: false);
        return true;
    }

    /// <summary>Disarms the instance's restart timer; with <paramref name="invalidate"/>, a restart already posted is ignored too.</summary>
    public static void Cancel(ModuleInstance instance, bool invalidate = true)
    {
        if (invalidate)
        {
            instance.RestartToken++;
        }

        instance.RestartTimer?.Dispose();
        instance.RestartTimer = null;
    }
}
