using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using OppAssistant.Core.Storage;

namespace OppAssistant.Storage.Postgres;

/// <summary>
/// The shared store for several app instances: PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>.
/// Bodies are <c>bytea</c>, so what goes in comes out byte for byte (jsonb would reformat the JSON). Every
/// statement is parameterised and auto-prepared per pooled connection. Call <see cref="MigrateAsync"/> once
/// before use (the host does it at start, see <see cref="StorageStartup"/>).
/// </summary>
public sealed partial class PostgresStore : IDocumentStore, IActivityLog, IStorageProbe, IAsyncDisposable, IDisposable
{
    /// <summary>Lock key (bigint space) that serialises migrations of instances starting at the same time.</summary>
    private const long MigrationLockKey = 0x4F50_5041_5353_4953; // "OPPASSIS"

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Schema steps in order; step i brings the schema to version i + 1. Never edit a shipped step.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE documents (
            collection text NOT NULL,
            key text NOT NULL,
            version bigint NOT NULL,
            body bytea NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (collection, key)
        );
        CREATE TABLE activity_log (
            stream text NOT NULL,
            seq bigint NOT NULL,
            body bytea NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (stream, seq)
        );
        CREATE INDEX activity_log_created_at ON activity_log (created_at);
        -- The last sequence handed out per stream. It outlives purged entries, so a stream whose entries all
        -- expired continues after its last watermark instead of restarting at 1 behind the client's back.
        CREATE TABLE activity_streams (
            stream text PRIMARY KEY,
            last_seq bigint NOT NULL
        );
        """,
    ];

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public PostgresStore(string connectionString, TimeProvider time, ILogger<PostgresStore>? logger = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The handful of statements below run on every turn: prepare them once per pooled connection.
            builder.MaxAutoPrepare = 16;
        }
        builder.ApplicationName ??= "OppAssistant";
        dataSource = NpgsqlDataSource.Create(builder);
        this.time = time;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string ProviderName => "postgresql";

    /// <summary>"host:port/database" for messages; never the password or the full connection string.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>
    /// Brings the schema to the newest version. Safe when several instances start at once: the steps run in
    /// one transaction under an advisory lock, and each step is recorded in <c>schema_version</c>.
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var command = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        int current;
        await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL schema is at version {current}, newer than this build knows ({Migrations.Length}). Deploy the newer build.");
        }
        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await using (var step = new NpgsqlCommand(Migrations[version - 1], connection, transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (current < Migrations.Length)
        {
            LogMigrated(current, Migrations.Length);
        }
        return Migrations.Length;
    }

    public async Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT version, body FROM documents WHERE collection = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredDocument(reader.GetFieldValue<byte[]>(1), reader.GetInt64(0))
            : null;
    }

    public async Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await using var command = dataSource.CreateCommand();
        return await PutAsync(command, collection, key, body, expectedVersion, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
        IReadOnlyList<DocumentWrite> documents, LogAppend? append, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A conflict throws before the commit; disposing the transaction rolls everything back.
        var versions = new List<long>(documents.Count);
        foreach (var document in documents)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(document.ExpectedVersion);
            await using var put = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            versions.Add(await PutAsync(put, document.Collection, document.Key, document.Body, document.ExpectedVersion, cancellationToken).ConfigureAwait(false));
        }
        IReadOnlyList<long> sequences = [];
        if (append is not null)
        {
            await using var appendCommand = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            sequences = await AppendAsync(appendCommand, append.Stream, append.Entries, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (versions, sequences);
    }

    private async Task<long> PutAsync(NpgsqlCommand command, string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        // Conditional single statements: the row lock plus READ COMMITTED's recheck of the WHERE clause after a
        // concurrent writer commits make exactly one of two writers with the same version win.
        command.CommandText = expectedVersion == 0
            ? "INSERT INTO documents (collection, key, version, body, updated_at) VALUES ($1, $2, 1, $3, $4) ON CONFLICT (collection, key) DO NOTHING"
            : "UPDATE documents SET version = version + 1, body = $3, updated_at = $4 WHERE collection = $1 AND key = $2 AND version = $5";
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = body, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        if (expectedVersion != 0)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        }
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new ConcurrencyConflictException(collection, expectedVersion);
        }
        return expectedVersion + 1;
    }

    public async Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM documents WHERE collection = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// One statement, so one implicit transaction and one round trip. Density across instances comes from the
    /// per-stream counter row in <c>activity_streams</c>: the upsert reserves a block of sequence numbers and
    /// holds that row's lock until commit, so a concurrent appender to the same stream waits and then (READ
    /// COMMITTED re-reads the committed row) continues after it. Chosen over an advisory lock on MAX(seq)
    /// because the counter also survives purges, and over retry-on-unique-violation because waiting in line
    /// never fails or spins under contention. Readers never see a gap: a later block commits after an earlier one.
    /// </summary>
    public async Task<IReadOnlyList<long>> AppendAsync(string stream, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        return await AppendAsync(command, stream, entries, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<long>> AppendAsync(NpgsqlCommand command, string stream, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }
        var bodies = new byte[entries.Count][];
        for (var i = 0; i < bodies.Length; i++)
        {
            bodies[i] = entries[i].ToArray();
        }
        command.CommandText = """
            WITH head AS (
                INSERT INTO activity_streams AS h (stream, last_seq) VALUES ($1, $2)
                ON CONFLICT (stream) DO UPDATE SET last_seq = h.last_seq + EXCLUDED.last_seq
                RETURNING last_seq
            )
            INSERT INTO activity_log (stream, seq, body, created_at)
            SELECT $1, head.last_seq - $2 + t.ord, t.body, $4
            FROM head, unnest($3::bytea[]) WITH ORDINALITY AS t(body, ord)
            RETURNING seq
            """;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = bodies.Length });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        var sequences = new List<long>(bodies.Length);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequences.Add(reader.GetInt64(0));
            }
        }
        // RETURNING gives no order guarantee; the block itself is contiguous and in entry order.
        sequences.Sort();
        return sequences;
    }

    public async Task<IReadOnlyList<LogEntry>> ReadAfterAsync(string stream, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var command = dataSource.CreateCommand(
            "SELECT seq, body, created_at FROM activity_log WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = max });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LogEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LogEntry(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return entries;
    }

    public async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM activity_log WHERE created_at < $1");
        // Npgsql writes timestamptz only from UTC values.
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The health check reports "unreachable"; the exception type is enough to tell why.
            LogProbeFailed(e.GetType().Name);
            return false;
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema migrated from version {From} to {To}")]
    private partial void LogMigrated(int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL probe failed with {ExceptionType}")]
    private partial void LogProbeFailed(string exceptionType);
}
