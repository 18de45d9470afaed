using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OppAssistant.Core.Storage;

namespace OppAssistant.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every write is queued
/// to a single writer connection, which commits whatever has queued up as one transaction (group commit: a commit
/// costs ~50 µs, a write inside one ~7 µs), each write inside its own savepoint so one failing write cannot take
/// the others with it, and no caller hears "done" before the commit. Reads use a pool of connections and run
/// alongside the writer. synchronous=NORMAL: durable across process crashes, the WAL's usual trade-off.
/// </summary>
public sealed class SqliteStore : IDocumentStore, IActivityLog, IStorageProbe, IDisposable
{
    private readonly string connectionString;
    private readonly TimeProvider time;
    private readonly Channel<PendingWrite> writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writerLoop;
    private readonly Timer checkpoints;
    private readonly SqliteConnection checkpointer;
    private int checkpointing;
    private int disposed;
    private readonly Dictionary<string, SqliteCommand> preparedWrites = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SqliteConnection> readers = [];
    private readonly SqliteConnection writer;

    public SqliteStore(string databasePath, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        this.time = time;
        writer = Open();
        Migrate(writer);
        writerLoop = Task.Run(WriteLoopAsync);

        // Checkpoints (the only fsyncs in WAL mode with synchronous=NORMAL) run on their own connection every
        // second instead of inside a commit, so the writer never waits for the disk.
        using (var noAutoCheckpoint = writer.CreateCommand())
        {
            noAutoCheckpoint.CommandText = "PRAGMA wal_autocheckpoint = 0";
            noAutoCheckpoint.ExecuteNonQuery();
        }
        checkpointer = Open();
        checkpoints = new Timer(_ => Checkpoint("PASSIVE"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public string ProviderName => "sqlite";

    public Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken) =>
        Task.FromResult(Read(command =>
        {
            command.CommandText = "SELECT version, body FROM documents WHERE collection = $c AND key = $k";
            command.Parameters.AddWithValue("$c", collection);
            command.Parameters.AddWithValue("$k", key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredDocument((byte[])reader.GetValue(1), reader.GetInt64(0)) : null;
        }));

    public Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        var bytes = body.ToArray();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return WriteAsync(transaction => Put(transaction, collection, key, bytes, expectedVersion, now), cancellationToken, decidedByFirstStatement: true);
    }

    public Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
        IReadOnlyList<DocumentWrite> documents, LogAppend? append, CancellationToken cancellationToken)
    {
        var writes = documents.Select(d => (d.Collection, d.Key, Body: d.Body.ToArray(), d.ExpectedVersion)).ToArray();
        var bodies = append?.Entries.Select(e => e.ToArray()).ToArray() ?? [];
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // With one document a conflict can only come first, before anything changed; with several, a later
        // conflict needs the savepoint to undo the earlier writes.
        return WriteAsync<(IReadOnlyList<long>, IReadOnlyList<long>)>(transaction =>
        {
            var versions = writes.Select(w => Put(transaction, w.Collection, w.Key, w.Body, w.ExpectedVersion, now)).ToList();
            return (versions, append is null ? [] : Append(transaction, append.Stream, bodies, now));
        }, cancellationToken, decidedByFirstStatement: writes.Length <= 1);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            var command = Command(transaction, "DELETE FROM documents WHERE collection = $c AND key = $k");
            command.Parameters.AddWithValue("$c", collection);
            command.Parameters.AddWithValue("$k", key);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken, decidedByFirstStatement: true);

    public Task<IReadOnlyList<long>> AppendAsync(string stream, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<long>>([]);
        }
        var bodies = entries.Select(e => e.ToArray()).ToArray();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return WriteAsync(transaction => Append(transaction, stream, bodies, now), cancellationToken, decidedByFirstStatement: true);
    }

    private long Put(SqliteTransaction transaction, string collection, string key, byte[] body, long expectedVersion, long now)
    {
        var command = Command(transaction, expectedVersion == 0
            ? "INSERT INTO documents (collection, key, version, body, updated_at) VALUES ($c, $k, 1, $b, $t) ON CONFLICT DO NOTHING"
            : "UPDATE documents SET version = version + 1, body = $b, updated_at = $t WHERE collection = $c AND key = $k AND version = $v");
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.Add("$b", SqliteType.Blob).Value = body;
        command.Parameters.AddWithValue("$t", now);
        command.Parameters.AddWithValue("$v", expectedVersion);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(collection, expectedVersion);
        }
        return expectedVersion + 1;
    }

    private IReadOnlyList<long> Append(SqliteTransaction transaction, string stream, byte[][] bodies, long now)
    {
        if (bodies.Length == 0)
        {
            return [];
        }
        // The per-stream counter outlives purged entries, so a stream whose entries all expired continues after
        // its last watermark instead of restarting at 1 (the single writer already keeps it dense).
        var head = Command(transaction, """
            INSERT INTO activity_streams (stream, last_seq) VALUES ($s, $n)
            ON CONFLICT (stream) DO UPDATE SET last_seq = last_seq + excluded.last_seq
            RETURNING last_seq
            """);
        head.Parameters.AddWithValue("$s", stream);
        head.Parameters.AddWithValue("$n", (long)bodies.Length);
        var sequence = (long)head.ExecuteScalar()! - bodies.Length;

        var insert = Command(transaction, "INSERT INTO activity_log (stream, seq, body, created_at) VALUES ($s, $q, $b, $t)");
        insert.Parameters.AddWithValue("$s", stream);
        var sequenceParameter = insert.Parameters.Add("$q", SqliteType.Integer);
        var bodyParameter = insert.Parameters.Add("$b", SqliteType.Blob);
        insert.Parameters.AddWithValue("$t", now);
        var sequences = new long[bodies.Length];
        for (var i = 0; i < bodies.Length; i++)
        {
            sequences[i] = ++sequence;
            sequenceParameter.Value = sequence;
            bodyParameter.Value = bodies[i];
            insert.ExecuteNonQuery();
        }
        return sequences;
    }

    public Task<IReadOnlyList<LogEntry>> ReadAfterAsync(string stream, long afterSequence, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LogEntry>>(Read(command =>
        {
            command.CommandText = "SELECT seq, body, created_at FROM activity_log WHERE stream = $s AND seq > $a ORDER BY seq LIMIT $m";
            command.Parameters.AddWithValue("$s", stream);
            command.Parameters.AddWithValue("$a", afterSequence);
            command.Parameters.AddWithValue("$m", max);
            using var reader = command.ExecuteReader();
            var entries = new List<LogEntry>();
            while (reader.Read())
            {
                entries.Add(new LogEntry(reader.GetInt64(0), (byte[])reader.GetValue(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
            }
            return entries;
        }));

    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            var command = Command(transaction, "DELETE FROM activity_log WHERE created_at < $t");
            command.Parameters.AddWithValue("$t", cutoff.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken, decidedByFirstStatement: true);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Read(command =>
            {
                command.CommandText = "SELECT 1";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
            }));
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
    }

    public void Dispose()
    {
        // The container disposes the instance once per interface it was registered under.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        using (var callbacksDone = new ManualResetEvent(false))
        {
            // Wait for a checkpoint in flight before its connection goes away.
            if (checkpoints.Dispose(callbacksDone))
            {
                callbacksDone.WaitOne();
            }
        }
        writes.Writer.TryComplete();
        writerLoop.GetAwaiter().GetResult();
        Checkpoint("TRUNCATE");
        checkpointer.Dispose();
        foreach (var command in preparedWrites.Values)
        {
            command.Dispose();
        }
        writer.Dispose();
        while (readers.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>Queues a write for the writer connection; completes after the batch that holds it has committed.</summary>
    /// <remarks>
    /// A write whose only expected failure is a conflict at its first statement (before it changed anything) needs
    /// no savepoint; any other failure of such a write fails the whole batch. Writes that could fail halfway (several
    /// conditional documents) pay for a savepoint.
    /// </remarks>
    private Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken, bool decidedByFirstStatement = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write, needsSavepoint: !decidedByFirstStatement);
        if (!writes.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteStore));
        }
        return pending.Task;
    }

    private async Task WriteLoopAsync()
    {
        const int MaxBatch = 256;
        var batch = new List<PendingWrite>(MaxBatch);
        while (await writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && writes.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                using var transaction = writer.BeginTransaction();
                foreach (var write in batch)
                {
                    if (!write.NeedsSavepoint)
                    {
                        if (!write.Execute(transaction) && write.Error is not ConcurrencyConflictException)
                        {
                            // It may have changed something before failing; only undoing the whole batch is safe.
                            throw write.Error!;
                        }
                        continue;
                    }
                    transaction.Save("w");
                    if (write.Execute(transaction))
                    {
                        transaction.Release("w");
                    }
                    else
                    {
                        transaction.Rollback("w");
                        transaction.Release("w");
                    }
                }
                transaction.Commit();
                foreach (var write in batch)
                {
                    write.Complete();
                }
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                {
                    write.Fail(e);
                }
            }
            batch.Clear();
        }
    }

    private void Checkpoint(string mode)
    {
        if (Interlocked.Exchange(ref checkpointing, 1) == 1)
        {
            return;
        }
        try
        {
            using var command = checkpointer.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // A busy or failed checkpoint is retried on the next tick; the WAL keeps every committed write.
        }
        finally
        {
            Volatile.Write(ref checkpointing, 0);
        }
    }

    /// <summary>A prepared statement of the writer connection, kept for reuse (only the write loop calls this).</summary>
    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        if (!preparedWrites.TryGetValue(sql, out var command))
        {
            command = writer.CreateCommand();
            command.CommandText = sql;
            preparedWrites[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>A queued write: runs inside the batch's transaction, reports its own result after the commit.</summary>
    private abstract class PendingWrite(bool needsSavepoint)
    {
        public bool NeedsSavepoint { get; } = needsSavepoint;

        /// <summary>Runs the write; false when it failed (its savepoint is then rolled back).</summary>
        public abstract bool Execute(SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception error);

        public abstract Exception? Error { get; }
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, T> write, bool needsSavepoint) : PendingWrite(needsSavepoint)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;

        public override Exception? Error => error;

        public Task<T> Task => completion.Task;

        public override bool Execute(SqliteTransaction transaction)
        {
            try
            {
                result = write(transaction);
                return true;
            }
            catch (Exception e)
            {
                error = e;
                return false;
            }
        }

        public override void Complete()
        {
            if (error is null)
            {
                completion.TrySetResult(result!);
            }
            else
            {
                completion.TrySetException(error);
            }
        }

        public override void Fail(Exception error) => completion.TrySetException(error);
    }

    /// <summary>Runs a read on a pooled reader connection (WAL lets reads run beside the writer) and returns it.</summary>
    private T Read<T>(Func<SqliteCommand, T> read)
    {
        var connection = readers.TryTake(out var pooled) ? pooled : Open();
        try
        {
            using var command = connection.CreateCommand();
            return read(command);
        }
        finally
        {
            readers.Add(connection);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // mmap: pages are read from the mapped file instead of one pread() system call each.
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Schema steps in order; step i brings user_version to i + 1. Never edit a shipped step.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS documents (
            collection TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            body BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (collection, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS activity_log (
            stream TEXT NOT NULL,
            seq INTEGER NOT NULL,
            body BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (stream, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS activity_log_created_at ON activity_log (created_at);
        """,
        """
        CREATE TABLE activity_streams (
            stream TEXT NOT NULL PRIMARY KEY,
            last_seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO activity_streams (stream, last_seq) SELECT stream, MAX(seq) FROM activity_log GROUP BY stream;
        """,
    ];

    private static void Migrate(SqliteConnection connection)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = (long)version.ExecuteScalar()!;
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The SQLite schema is at version {current}, newer than this build knows ({Migrations.Length}). Deploy the newer build.");
        }
        for (var step = current + 1; step <= Migrations.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            // PRAGMA takes no parameters; the value is our own loop counter.
            migrate.CommandText = string.Concat(Migrations[step - 1], "\nPRAGMA user_version = ", step.ToString(System.Globalization.CultureInfo.InvariantCulture), ";");
            migrate.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
