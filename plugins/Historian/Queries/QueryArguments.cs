namespace N3Host.Plugins.Historian.Queries;

/// <summary>Checks query arguments the same way for every store, with messages a CLI user can act on.</summary>
internal static class QueryArguments
{
    /// <summary>The largest page a raw query returns.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>The most intervals an aggregate query may span.</summary>
    public const long MaxIntervals = 1_000_000;

    /// <summary>Checks a raw query.</summary>
    public static void CheckRaw(string tag, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        CheckTagAndRange(tag, from, to);
        if (limit < 1 || limit > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit must be 1 to {MaxLimit}");
    }

    /// <summary>Checks an aggregate query.</summary>
    public static void CheckAggregates(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        CheckTagAndRange(tag, from, to);
        if (interval < TimeSpan.FromMilliseconds(1))
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "interval must be at least 1 ms");
        if ((to - from).Ticks / interval.Ticks > MaxIntervals)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, $"from..to spans more than {MaxIntervals} intervals; use a longer interval");
    }

    /// <summary>Checks a tag path.</summary>
    public static void CheckTag(string tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
            throw new ArgumentException("tag must not be empty", nameof(tag));
    }

    private static void CheckTagAndRange(string tag, DateTimeOffset from, DateTimeOffset to)
    {
        CheckTag(tag);
        if (to < from)
            throw new ArgumentException($"'to' ({to:O}) is before 'from' ({from:O})", nameof(to));
    }
}
