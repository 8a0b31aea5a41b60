using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store's connections: one write connection (<see cref="SqliteWriter"/>), serialized by a gate, opened
/// on first use and reopened after a failure; reads on their own pooled connections that never wait for writes, and an
/// immutable read-only connection when the disk is read-only. Opening the write connection also reads this node's
/// origin id and the sequence of its last journal record, and, the first time, puts the values not yet sealed back into
/// the chunks in memory (<see cref="SqliteReplay"/>), which outlive a reopened connection.
/// </summary>
internal sealed class SqliteConnections : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private SqliteWriter? _writer;
    private long _lastLocalSequence;
    private long _localOriginId;
    private bool _disposed;

    private readonly Action<string>? _migrated;
    private bool _replayed;

    /// <summary>Creates the connections over a database file (nothing is opened yet).</summary>
    public SqliteConnections(string path, string localOrigin, TimeProvider time, Action<string>? migrated = null)
    {
        _migrated = migrated;
        Path = path;
        LocalOrigin = localOrigin;
        Time = time;
        _connectionString = SqliteSchema.ConnectionString(path);
    }

    /// <summary>The clock chunks are aged by.</summary>
    public TimeProvider Time { get; }

    /// <summary>The chunks in memory: stored values not yet sealed.</summary>
    public OpenChunks Chunks { get; } = new();

    /// <summary>The first record whose values may be only in memory (payloads before it are dropped); set only under the gate.</summary>
    public long ReplayFrom { get; set; } = 1;

    /// <summary>The highest record id; set only under the gate.</summary>
    public long LastRecordId { get; set; }

    /// <summary>When the next write looks for chunks open too long (UTC ticks); set only under the gate.</summary>
    public long NextAgeCheck { get; set; }

    /// <summary>What the migration of a file of the first format did, once it did.</summary>
    public string? Migrated { get; private set; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>This node's name: the origin of the records written here.</summary>
    public string LocalOrigin { get; }

    /// <summary>This node's origin id, known once the write connection is open.</summary>
    public long LocalOriginId => _localOriginId;

    /// <summary>The sequence of this node's last journal record (0 if none yet); set only under the gate.</summary>
    public long LastLocalSequence
    {
        get => Volatile.Read(ref _lastLocalSequence);
        set => _lastLocalSequence = value;
    }

    /// <summary>Runs <paramref name="work"/> on the write connection under the gate (see <see cref="WithWriter"/>).</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return WithWriter(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens a read connection; on a read-only disk an immutable one, so what is stored stays readable.</summary>
    public async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _writer) is null)
        {
            // The first reader creates the file and schema through the writer.
            await _gate.WaitAsync(cancellationToken);
            try
            {
                WithWriter(_ => 0);
            }
            catch (HistoryStoreException) when (File.Exists(Path))
            {
                // The disk may be read-only: what is stored stays readable (below).
            }
            finally
            {
                _gate.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite opens the file lazily: read once here, so a disk that cannot be read this way is found now.
            await using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA schema_version";
            await probe.ExecuteScalarAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException e) when (File.Exists(Path))
        {
            await connection.DisposeAsync();
            return await OpenImmutableAsync(e, cancellationToken);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new HistoryStoreException($"SQLite store {Path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_writer is not null && Chunks.Chunks > 0)
            {
                try
                {
                    // A clean stop seals what is in memory; if the disk cannot take it, the records still hold every value.
                    using var write = SqliteWrite.Begin(this, _writer, sealAll: true);
                    write.Commit();
                }
                catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
                {
                    // Replayed from the records at the next open.
                }
            }

            _disposed = true;
            _writer?.Dispose();
            _writer = null;

            // Pooled read connections would keep the file open.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// On a read-only disk a WAL database cannot be opened as usual (its shared-memory file cannot be made): it is read as
    /// an immutable file instead, so stored history stays queryable while the historian waits for the disk.
    /// </summary>
    private async Task<SqliteConnection> OpenImmutableAsync(SqliteException first, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = new Uri(Path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException)
        {
            await connection.DisposeAsync();
            throw new HistoryStoreException($"SQLite store {Path}: {first.Message}", first);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the write connection (opened if needed) under the gate; a failure closes the connection.</summary>
    private T WithWriter<T>(Func<SqliteWriter, T> work)
    {
        // Named after the store, as before the split: the store is what its callers hold.
        ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteHistoryStore));
        try
        {
            if (_writer is null)
            {
                var directory = System.IO.Path.GetDirectoryName(Path);
                if (!string.IsNullOrEmpty(directory))
                    Directory.CreateDirectory(directory);
                var writer = SqliteWriter.Open(Path, report =>
                {
                    Migrated = report;
                    _migrated?.Invoke(report);
                });
                try
                {
                    if (!_replayed)
                    {
                        (ReplayFrom, LastRecordId) = SqliteReplay.Run(writer, Chunks, Time.GetUtcNow().UtcTicks);
                        _replayed = true;
                    }

                    _lastLocalSequence = writer.MaxSequence(LocalOrigin);
                    using var transaction = writer.Begin();
                    _localOriginId = writer.OriginId(LocalOrigin, transaction);
                    transaction.Commit();
                    writer.Committed();
                }
                catch
                {
                    writer.Dispose();
                    throw;
                }

                Volatile.Write(ref _writer, writer);
            }

            return work(_writer);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            _writer?.Dispose();
            _writer = null;

            // A pooled connection keeps what it found (a read-only disk, for one): the next try opens afresh.
            using (var pooled = new SqliteConnection(_connectionString))
                SqliteConnection.ClearPool(pooled);
            throw new HistoryStoreException($"SQLite store {Path}: {e.Message}", e);
        }
    }
}
