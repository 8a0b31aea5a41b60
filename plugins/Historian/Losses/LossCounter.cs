using System.Text.Json;
using N3Host.Plugins.Historian.Storage;

namespace N3Host.Plugins.Historian.Losses;

/// <summary>
/// The cumulative count of values that never reached the store, by reason, kept in <c>losses.json</c> in the instance's
/// data folder (temp file, flush, rename) so restarts and faults never reset it. Saved after each loss. A full disk does
/// not stop it: a reserve file (<c>losses.reserve</c>, 4 KiB: one block, more than the file needs) is kept beside it,
/// given up to make room when a save finds no space, and made again from the block the old file frees. While even that
/// fails (a read-only disk), the count stays in memory (and in status, with <c>lostSaved: false</c>) and is saved as soon
/// as a try succeeds, at most one try a second. Thread-safe.
/// </summary>
internal sealed class LossCounter
{
    /// <summary>The file's name in the instance's data folder.</summary>
    public const string FileName = "losses.json";

    /// <summary>The reserve file's name.</summary>
    public const string ReserveFileName = "losses.reserve";

    private const int ReserveBytes = 4 * 1024;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly string _reserve;
    private readonly TimeProvider _time;
    private LossCounts _counts;
    private bool _dirty;
    private long? _lastFailedTry;

    /// <summary>Reads the count from <paramref name="directory"/> (zero if there is no file, or it cannot be read).</summary>
    public LossCounter(string directory, TimeProvider time)
    {
        _path = Path.Combine(directory, FileName);
        _reserve = Path.Combine(directory, ReserveFileName);
        _time = time;
        _counts = Read(_path, out var error) ?? new LossCounts(0, 0, 0, 0, 0);
        LoadError = error;

        // The file exists from the start (zeros), so that on a full disk each save frees the block the next one needs.
        _dirty = !File.Exists(_path);
        TrySave(force: true);
        TryMakeReserve();
    }

    /// <summary>The counts now.</summary>
    public LossCounts Counts
    {
        get
        {
            lock (_lock)
                return _counts;
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

    /// <summary>Counts <paramref name="values"/> lost for <paramref name="reason"/> and tries to save; returns the new total.</summary>
    public long Add(LossReason reason, long values)
    {
        long total;
        lock (_lock)
        {
            _counts = reason switch
            {
                LossReason.BufferFull => _counts with { BufferFull = _counts.BufferFull + values },
                LossReason.DiskFull => _counts with { DiskFull = _counts.DiskFull + values },
                LossReason.ReadOnly => _counts with { ReadOnly = _counts.ReadOnly + values },
                LossReason.Restarting => _counts with { Restarting = _counts.Restarting + values },
                _ => _counts with { DiskError = _counts.DiskError + values },
            };
            _dirty = true;
            total = _counts.Total;
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
                TryDelete(_path + ".tmp");
            }
        }
    }

    private void Write()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(_counts, Json));
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
            TryDelete(_reserve);
        }
    }

    private static LossCounts? Read(string path, out string? error)
    {
        error = null;
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<LossCounts>(File.ReadAllBytes(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only disk holds no temp file of ours.
        }
    }
}
