using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OppAssistant.Core.Storage;
using OppAssistant.Storage.Postgres;

namespace OppAssistant.Storage.Tests;

/// <summary>
/// The contract against PostgreSQL (one throwaway database for this class, emptied before each test), plus what
/// only a shared server has: several app instances, each with its own store, on the same data.
/// </summary>
public sealed class PostgresStoreContractTests(PostgresDatabase database) : StoreContract, IClassFixture<PostgresDatabase>
{
    private bool reset;

    protected override string ExpectedProviderName => "postgresql";

    protected override async ValueTask<TestStore> OpenStoreAsync()
    {
        var store = await OpenPostgresAsync();
        if (!reset)
        {
            await database.ResetAsync(Token);
            reset = true;
        }
        return TestStore.Of(store, store.DisposeAsync);
    }

    private async Task<PostgresStore> OpenPostgresAsync()
    {
        var store = new PostgresStore(database.Require(), Time);
        await store.MigrateAsync(Token);
        return store;
    }

    [Fact]
    public async Task Concurrent_appends_from_two_instances_give_a_dense_sequence_without_duplicates()
    {
        await using var store = await OpenStoreAsync();
        await using var other = await OpenPostgresAsync();
        var stream = NewKey();

        var expected = await AppendConcurrentlyAsync([store.Log, other], stream, tasks: 24, appendsPerTask: 10);

        await AssertDenseAsync(store.Log, stream, expected);
        await AssertDenseAsync(other, stream, expected);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_from_two_instances_loses_no_update()
    {
        await using var store = await OpenStoreAsync();
        await using var other = await OpenPostgresAsync();
        var key = NewKey();
        const int writers = 24;
        await store.Documents.PutAsync(Collection, key, Counter(0), 0, Token);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => IncrementAsync(i % 2 == 0 ? store.Documents : other, key), Token)));

        var stored = await other.GetAsync(Collection, key, Token);
        Assert.Equal(writers, ReadCounter(stored!.Body));
        Assert.Equal(writers + 1, stored.Version);
    }

    [Fact]
    public async Task Two_pipeline_instances_with_their_own_stores_lose_no_turn()
    {
        await using var store = await OpenStoreAsync();
        await using var other = await OpenPostgresAsync();

        await RaceTurnsAsync(store.Documents, other);
    }

    [Fact]
    public async Task Instances_migrating_a_new_database_at_the_same_time_all_succeed_and_record_one_version()
    {
        await using var scratch = await database.CreateScratchAsync(Token);
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(scratch.ConnectionString, Time)).ToArray();
        try
        {
            var versions = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(Token), Token)));

            Assert.All(versions, v => Assert.Equal(1, v));
            Assert.Equal(1, await stores[0].MigrateAsync(Token));
            await using var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString);
            await using var command = dataSource.CreateCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version");
            Assert.Equal("1", await command.ExecuteScalarAsync(Token));
            Assert.Equal(1, await stores[1].PutAsync(Collection, NewKey(), Bytes("{}"), 0, Token));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AddStorage_with_a_PostgreSql_connection_string_migrates_at_start_and_serves_the_stores()
    {
        await using var scratch = await database.CreateScratchAsync(Token);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:PostgreSql"] = scratch.ConnectionString });
        builder.Services.AddStorage(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Token);
        try
        {
            var documents = host.Services.GetRequiredService<IDocumentStore>();
            Assert.IsType<PostgresStore>(documents);
            Assert.Same(documents, host.Services.GetRequiredService<IActivityLog>());
            Assert.Equal("postgresql", host.Services.GetRequiredService<IStorageProbe>().ProviderName);
            Assert.Equal(1, await documents.PutAsync(Collection, NewKey(), Bytes("{}"), 0, Token));
        }
        finally
        {
            await host.StopAsync(Token);
        }
    }
}
