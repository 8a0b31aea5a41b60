namespace N3Host.Modules.Tests.Hosting;

/// <summary>Waits on real time for a condition that sockets make true (generous timeout, checked often).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting until {because}");
            }

            await Task.Delay(20);
        }
    }
}
