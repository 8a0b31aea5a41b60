using System.Collections.Frozen;
using System.Text.Json;

namespace N3Host.Contracts.Storage;

/// <summary>
/// A module's cumulative count of values that never reached where they were going, by reason (a name such as
/// <c>diskFull</c>), kept in <c>losses.json</c> in the instance's data folder (temp file, flush, rename) so restarts and
/// faults never reset it. Saved after each loss. A full disk does not stop it: a reserve file (<c>losses.reserve</c>,
/// 4 KiB: one block, more than the file needs) is kept beside it, given up to make room when a save finds no space, and
/// made again from the block the old file frees. While even that fails (a read-only disk), the count stays in memory
/// (<see cref="Saved"/> false) and is saved as soon as a try succeeds, at most one try a second. Thread-safe. Added in
/// contracts 1.4.
/// </summary>
public sealed class LossCounter
{
    /// <summary>The file's name in the instance's data folder.</summary>
    public const string FileName = "losses.json";

    /// <summary>The reserve file's name.</summary>
    public const string ReserveFileName = "losses.reserve";

    private const int ReserveBytes = 4 * 1024;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly string _reserve;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<string, long> _counts;
    private FrozenDictionary<string, long> _snapshot;
    private bool _dirty;
    private long? _lastFailedTry;

    /// <summary>Reads the count from <paramref name="directory"/> (zero if there is no file, or it cannot be read).</summary>
    public LossCounter(string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _path = Path.Combine(directory, FileName);
        _reserve = Path.Combine(directory, ReserveFileName);
        _time = time;
        _counts = new SortedDictionary<string, long>(Read(_path, out var error) ?? [], StringComparer.Ordinal);
        _snapshot = _counts.ToFrozenDictionary(StringComparer.Ordinal);
        LoadError = error;

        // The file exists from the start, so that on a full disk each save frees the block the next one needs.
        _dirty = !File.Exists(_path);
        TrySave(force: true);
        TryMakeReserve();
    }

    /// <summary>The counts now, by reason (reasons never counted are absent).</summary>
    public IReadOnlyDictionary<string, long> Counts
    {
        get
        {
            lock (_lock)
                return _snapshot;
        }
    }

    /// <summary>Every value lost, whatever the reason.</summary>
    public long Total
    {
        get
        {
            lock (_lock)
                return _snapshot.Values.Sum();
        }
    }

    /// <summary>True if the file holds the counts now.</summary>
    public bool Saved
    {
        get
        {
            lock (_lock)
                return !_dirty;
        }
    }

    /// <summary>Why the file could not be read at start (the count then starts from zero), or null.</summary>
    public string? LoadError { get; }

    /// <summary>The count for <paramref name="reason"/> (0 if never counted).</summary>
    public long Of(string reason) => Counts.GetValueOrDefault(reason);

    /// <summary>Counts <paramref name="values"/> lost for <paramref name="reason"/> and tries to save; returns the new total.</summary>
    public long Add(string reason, long values)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        long total;
        lock (_lock)
        {
            _counts[reason] = _counts.GetValueOrDefault(reason) + values;
            _snapshot = _counts.ToFrozenDictionary(StringComparer.Ordinal);
            _dirty = true;
            total = _counts.Values.Sum();
        }

        TrySave(force: false);
        return total;
    }

    /// <summary>Saves the counts if they changed since the last save; without <paramref name="force"/>, at most one failed try a second.</summary>
    public void TrySave(bool force)
    {
        lock (_lock)
        {
            if (!_dirty || (!force && _lastFailedTry is { } last && _time.GetElapsedTime(last) < RetryInterval))
                return;
            try
            {
                try
                {
                    Write();
                }
                catch (IOException e) when (StorageProbe.Classify(e, _path) is { Kind: StorageConditionKind.DiskFull } && File.Exists(_reserve))
                {
                    // The disk is full: the reserve makes room for the count, and is made again when there is space.
                    File.Delete(_reserve);
                    Write();
                }

                _dirty = false;
                _lastFailedTry = null;
                TryMakeReserve();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _lastFailedTry = _time.GetTimestamp();
                StorageProbe.TryDelete(_path + ".tmp");
            }
        }
    }

    private void Write()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(_counts));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    private void TryMakeReserve()
    {
        if (File.Exists(_reserve))
            return;
        try
        {
            using var stream = new FileStream(_reserve, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            stream.Write(new byte[ReserveBytes]);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No room (or read-only): made at the next save that succeeds.
            StorageProbe.TryDelete(_reserve);
        }
    }

    private static Dictionary<string, long>? Read(string path, out string? error)
    {
        error = null;
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllBytes(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }
}
