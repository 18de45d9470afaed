using OppAssistant.Storage.Sqlite;

namespace OppAssistant.Storage.Tests;

/// <summary>The contract against SQLite: a fresh temp folder per test, the same file when a test reopens.</summary>
public sealed class SqliteStoreContractTests : StoreContract, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("oppassistant-sqlite-").FullName;

    protected override string ExpectedProviderName => "sqlite";

    protected override ValueTask<TestStore> OpenStoreAsync()
    {
        var store = new SqliteStore(Path.Combine(directory, StorageServiceCollectionExtensions.SqliteFileName), Time);
        return ValueTask.FromResult(TestStore.Of(store, () =>
        {
            store.Dispose();
            return ValueTask.CompletedTask;
        }));
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_and_its_streams_continue_numbering()
    {
        // The schema as the first release created it (PRAGMA user_version = 1, no stream counters).
        var path = Path.Combine(directory, StorageServiceCollectionExtensions.SqliteFileName);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE documents (collection TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, body BLOB NOT NULL,
                    updated_at INTEGER NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID;
                CREATE TABLE activity_log (stream TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL,
                    PRIMARY KEY (stream, seq)) WITHOUT ROWID;
                CREATE INDEX activity_log_created_at ON activity_log (created_at);
                INSERT INTO activity_log VALUES ('s', 1, X'7B7D', 0), ('s', 2, X'7B7D', 0);
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        await using var store = await OpenStoreAsync();

        Assert.Equal([3L], await store.Log.AppendAsync("s", [Bytes("{}")], Token));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test's outcome is what matters.
        }
    }
}
