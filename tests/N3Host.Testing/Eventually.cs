namespace N3Host.Testing;

/// <summary>Polls a condition that real processes or sockets make true in their own time.</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, or fails with <paramref name="because"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, or fails with <paramref name="because"/> and what <paramref name="diagnostics"/>
    /// says at that moment (a process's output).
    /// </summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because, Func<string> diagnostics) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because, diagnostics);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, or fails with <paramref name="because"/> and what <paramref name="diagnostics"/>
    /// says at that moment (a process's output).
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, Func<string> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        try
        {
            await TrueAsync(condition, timeout, because).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Environment.NewLine + diagnostics(), e);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails with <paramref name="because"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                    return;
                last = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"after {timeout.TotalSeconds:0.#} s: {because}" + (last is null ? "" : $" (last error: {last.Message})"), last);
            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
