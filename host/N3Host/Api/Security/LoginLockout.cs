namespace N3Host.Api.Security;

/// <summary>
/// Locks a user name after <c>node.api.lockoutFailures</c> wrong passwords in a row, for <c>node.api.lockoutSeconds</c>. Names that do not
/// exist are counted the same way, so the answer never tells which names do.
/// </summary>
internal sealed class LoginLockout(int failures, TimeSpan duration, TimeProvider time)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>When the name is locked now, until when; otherwise null.</summary>
    public DateTimeOffset? LockedUntil(string name)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return _entries.TryGetValue(name, out var entry) && entry.LockedUntil is { } until && until > now ? until : null;
        }
    }

    /// <summary>Counts a wrong password; returns when the name is now locked until, or null while it is not.</summary>
    public DateTimeOffset? Failed(string name)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_entries.TryGetValue(name, out var entry) || entry.LockedUntil is { } expired && expired <= now)
            {
                Forget(now);
                entry = new Entry();
            }
            else if (entry.LockedUntil is { } still)
            {
                return still;
            }

            entry.Failures++;
            if (entry.Failures >= failures)
            {
                entry.LockedUntil = now + duration;
                entry.Failures = 0;
            }

            _entries[name] = entry;
            return entry.LockedUntil;
        }
    }

    /// <summary>How many more wrong passwords the name may try before it is locked.</summary>
    public int Remaining(string name)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(name, out var entry) ? Math.Max(0, failures - entry.Failures) : failures;
        }
    }

    public void Succeeded(string name)
    {
        lock (_gate)
        {
            _entries.Remove(name);
        }
    }

    /// <summary>Keeps the table small when many names are tried: names with no lock in force are forgotten past 10 000.</summary>
    private void Forget(DateTimeOffset now)
    {
        if (_entries.Count < 10_000)
        {
            return;
        }

        foreach (var name in _entries.Where(e => e.Value.LockedUntil is not { } until || until <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(name);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
