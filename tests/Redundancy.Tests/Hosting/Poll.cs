namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>Waits for a condition that real I/O makes true (sockets, processes); generous timeouts, never a fixed sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string because, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}.{(diagnostics is null ? string.Empty : Environment.NewLine + diagnostics())}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Checks that a condition stays false while other threads get time to act (for "nothing happens" assertions).</summary>
    public static async Task StaysFalseAsync(Func<bool> condition, string because, int settleMs = 200)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(settleMs);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                throw new InvalidOperationException($"Expected that {because}, but it happened.");
            }

            await Task.Delay(5);
        }
    }
}
