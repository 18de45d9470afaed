using Npgsql;

namespace OppAssistant.Storage.Tests;

/// <summary>
/// A throwaway database per test class on the server named by <c>OPPASSISTANT_TEST_POSTGRES</c> (an admin
/// connection string; <c>.ci/postgres.sh</c> starts one on 127.0.0.1). Created at the start, dropped at the end.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "OPPASSISTANT_TEST_POSTGRES";

    private string? adminConnectionString;
    private string? name;

    /// <summary>Connection string of the throwaway database; null when no server is configured.</summary>
    public string? ConnectionString { get; private set; }

    public async ValueTask InitializeAsync()
    {
        adminConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(adminConnectionString))
        {
            return;
        }
        // Identifiers cannot be parameters; the name is ours (fixed prefix and hex), never outside input.
        name = "oppassistant_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"", CancellationToken.None);
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Call first in every PostgreSQL test: skips without a server locally, fails without one in CI.</summary>
    public string Require()
    {
        if (ConnectionString is not null)
        {
            return ConnectionString;
        }
        var ci = Environment.GetEnvironmentVariable("CI");
        if (!string.IsNullOrWhiteSpace(ci) && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0")
        {
            Assert.Fail($"PostgreSQL is required in CI: set {EnvironmentVariable} (run .ci/postgres.sh as root, it prints the value).");
        }
        Assert.Skip($"No PostgreSQL: set {EnvironmentVariable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres) or run .ci/postgres.sh.");
        return null!;
    }

    /// <summary>Empties the tables so each test starts from a clean store (tests in one class run one at a time).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(Require());
        await using var command = dataSource.CreateCommand("TRUNCATE documents, activity_log, activity_streams");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A second, empty database for a test that needs a never-migrated schema; dropped when disposed.</summary>
    public async Task<ScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken)
    {
        Require();
        var scratch = "oppassistant_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAdminAsync($"CREATE DATABASE \"{scratch}\"", cancellationToken);
        return new ScratchDatabase(
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = scratch }.ToString(),
            () => ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        if (name is not null)
        {
            // Idle pooled connections of the stores keep the database in use; FORCE ends them (PostgreSQL 13+).
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var admin = NpgsqlDataSource.Create(adminConnectionString!);
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public sealed class ScratchDatabase(string connectionString, Func<Task> drop) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        public async ValueTask DisposeAsync() => await drop();
    }
}
