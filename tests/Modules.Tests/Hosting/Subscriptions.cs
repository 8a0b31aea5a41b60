using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>Reading what a module published.</summary>
internal static class Subscriptions
{
    /// <summary>Generous: a wait on real time for work the module does at once (no correctness depends on it).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Reads exactly <paramref name="count"/> values, failing after <see cref="Patience"/>.</summary>
    public static async Task<List<TagValue>> ReadAsync(this ITagSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var values = new List<TagValue>(count);
        try
        {
            while (values.Count < count)
            {
                while (values.Count < count && subscription.Reader.TryRead(out var value))
                {
                    values.Add(value);
                }

                if (values.Count < count && !await subscription.Reader.WaitToReadAsync(timeout.Token))
                {
                    throw new InvalidOperationException($"'{subscription.Name}' was closed after {values.Count} of {count} values");
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"expected {count} values on '{subscription.Name}', got {values.Count} in {Patience.TotalSeconds} s");
        }

        return values;
    }
}
