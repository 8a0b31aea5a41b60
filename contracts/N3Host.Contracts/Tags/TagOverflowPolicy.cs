namespace N3Host.Contracts;

/// <summary>What a subscription does when its queue is full. Neither drops a value silently.</summary>
public enum TagOverflowPolicy
{
    /// <summary>Back-pressure: publishers wait until the subscriber has room.</summary>
    Wait = 0,

    /// <summary>The oldest queued value is dropped, counted in <see cref="ITagSubscription.Overflowed"/>, and reported in status and the log.</summary>
    DropOldest = 1,
}
