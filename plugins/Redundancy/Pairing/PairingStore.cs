using System.Text.Json;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Pairing;

/// <summary>
/// The node's redundancy mode as last run, kept in <c>pairing.json</c> in the redundancy instance's data folder (written
/// atomically: temp file, flush, rename), and whether a mode change still waits for its new pairing. A node that finds a
/// record with another mode has had a mode change; a node that finds no record (a fresh data folder) has not: a
/// replaced primary with an empty disk then merges with the backup instead of wiping the backup's history.
/// </summary>
internal sealed class PairingStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _lock = new();
    private PairingRecord _record;

    private PairingStore(string filePath, PairingRecord record, string? previousMode)
    {
        FilePath = filePath;
        _record = record;
        PreviousMode = previousMode;
    }

    public string FilePath { get; }

    /// <summary>The mode found in the record at start; null on a fresh data folder.</summary>
    public string? PreviousMode { get; }

    /// <summary>The mode at start differs from the recorded one (this start, or an earlier start whose new pairing is still pending).</summary>
    public bool ModeChangedAtStart { get; private init; }

    /// <summary>This node asks for a new pairing at its next handshake (a mode change not yet followed by one, or an overwrite not completed).</summary>
    public bool NewPairingPending
    {
        get
        {
            lock (_lock)
            {
                return _record.NewPairingPending || _record.Overwrite is not null;
            }
        }
    }

    /// <summary>The overwrite in progress on this (backup) node, if any.</summary>
    public PendingOverwrite? Overwrite
    {
        get
        {
            lock (_lock)
            {
                return _record.Overwrite;
            }
        }
    }

    /// <summary>Reads the record, compares its mode with <paramref name="mode"/>, and writes the current mode (keeping a pending new pairing).</summary>
    public static PairingStore Open(string dataDirectory, RedundancyMode mode)
    {
        var path = Path.Combine(dataDirectory, "pairing.json");
        var previous = Load(path);
        var current = mode.ToString().ToLowerInvariant();
        var changed = previous is not null && !string.Equals(previous.Mode, current, StringComparison.Ordinal);
        var record = previous is null
            ? new PairingRecord(current, false, null)
            : previous with
            {
                Mode = current,
                NewPairingPending = previous.NewPairingPending || changed,

                // Only a backup is overwritten: an overwrite left unfinished by a node that is no longer a backup is void.
                Overwrite = mode == RedundancyMode.Backup ? previous.Overwrite : null,
            };
        var store = new PairingStore(path, record, previous?.Mode) { ModeChangedAtStart = record.NewPairingPending };
        store.Save(record);
        return store;
    }

    /// <summary>Begins (or continues) the overwrite of this backup's stored data by <paramref name="primary"/>'s; returns it as persisted.</summary>
    public PendingOverwrite BeginOverwrite(string primary, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_record.Overwrite is { } running)
            {
                return running;
            }

            var overwrite = new PendingOverwrite(primary, now, []);
            Update(_record with { Overwrite = overwrite });
            return overwrite;
        }
    }

    /// <summary>Records that a journal was emptied by the overwrite in progress.</summary>
    public void MarkCleared(string journal)
    {
        lock (_lock)
        {
            if (_record.Overwrite is { } running && !running.ClearedJournals.Contains(journal, StringComparer.Ordinal))
            {
                Update(_record with { Overwrite = running with { ClearedJournals = [.. running.ClearedJournals, journal] } });
            }
        }
    }

    /// <summary>The backup holds everything the primary held: the overwrite and the new pairing are done.</summary>
    public void CompleteOverwrite()
    {
        lock (_lock)
        {
            Update(_record with { NewPairingPending = false, Overwrite = null });
        }
    }

    /// <summary>On the primary: the backup has recorded its overwrite, so the new pairing no longer depends on this node.</summary>
    public void CompleteNewPairing()
    {
        lock (_lock)
        {
            if (_record.NewPairingPending)
            {
                Update(_record with { NewPairingPending = false });
            }
        }
    }

    private void Update(PairingRecord record)
    {
        Save(record);
        _record = record;
    }

    private void Save(PairingRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = FilePath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
    }

    private static PairingRecord? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        const string Fix = "fix it or delete the file (the node then counts as a fresh data folder: no mode change, the pair merges)";
        try
        {
            var record = JsonSerializer.Deserialize<PairingRecord>(File.ReadAllBytes(path), Json);
            return record is { Mode: { Length: > 0 } }
                ? record
                : throw new InvalidDataException($"{path}: holds no redundancy mode; {Fix}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid pairing record (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {e.Message}); {Fix}", e);
        }
    }
}
