using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;
using OppAssistant.Storage.Retention;

namespace OppAssistant.Storage.Tests;

/// <summary>
/// The behaviour every store must have, run once per provider by the subclasses. Each test uses its own keys and
/// streams; the subclasses give each test an empty store.
/// </summary>
public abstract class StoreContract
{
    protected const string Collection = "contract";

    /// <summary>Time moves only when a test says so; every store opened by a test shares it.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero));

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Opens the store of this test; a second call opens the same data again (a restart).</summary>
    protected abstract ValueTask<TestStore> OpenStoreAsync();

    protected abstract string ExpectedProviderName { get; }

    // ---- documents ----

    [Fact]
    public async Task Get_of_a_missing_document_returns_null()
    {
        await using var store = await OpenStoreAsync();

        Assert.Null(await store.Documents.GetAsync(Collection, NewKey(), Token));
    }

    [Fact]
    public async Task Create_then_get_returns_the_body_byte_exact_with_version_1()
    {
        await using var store = await OpenStoreAsync();
        // Odd spacing, key order and escapes that a JSON-normalising column (jsonb) would rewrite.
        var json = Encoding.UTF8.GetBytes("{\"z\": 1,   \"a\" : \"caf\u00e9 \\u00e9\", \"n\":1.50}\n");
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var (jsonKey, binaryKey) = (NewKey(), NewKey());

        Assert.Equal(1, await store.Documents.PutAsync(Collection, jsonKey, json, 0, Token));
        Assert.Equal(1, await store.Documents.PutAsync(Collection, binaryKey, binary, 0, Token));

        var stored = await store.Documents.GetAsync(Collection, jsonKey, Token);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(json, stored.Body.ToArray());
        Assert.Equal(binary, (await store.Documents.GetAsync(Collection, binaryKey, Token))!.Body.ToArray());
    }

    [Fact]
    public async Task Documents_are_separated_by_collection()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();

        await store.Documents.PutAsync("one", key, Bytes("1"), 0, Token);
        await store.Documents.PutAsync("two", key, Bytes("2"), 0, Token);

        Assert.Equal("1", Text((await store.Documents.GetAsync("one", key, Token))!.Body));
        Assert.Equal("2", Text((await store.Documents.GetAsync("two", key, Token))!.Body));
    }

    [Fact]
    public async Task Update_with_the_current_version_returns_version_2_and_stores_the_new_body()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":1}"), 0, Token);

        Assert.Equal(2, await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":2}"), 1, Token));

        var stored = await store.Documents.GetAsync(Collection, key, Token);
        Assert.Equal(2, stored!.Version);
        Assert.Equal("{\"v\":2}", Text(stored.Body));
    }

    [Fact]
    public async Task Update_with_a_stale_version_conflicts_and_leaves_the_stored_body_unchanged()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":1}"), 0, Token);
        await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":2}"), 1, Token);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.Documents.PutAsync(Collection, key, Bytes("{\"v\":\"stale\"}"), 1, Token));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(Collection, conflict.Collection);
        var stored = await store.Documents.GetAsync(Collection, key, Token);
        Assert.Equal(2, stored!.Version);
        Assert.Equal("{\"v\":2}", Text(stored.Body));
    }

    [Fact]
    public async Task Put_and_append_stores_both_in_one_transaction()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        var stream = "outbox-" + key;
        await store.Log.AppendAsync(stream, [Bytes("earlier")], Token);

        var (versions, sequences) = await store.Documents.WriteAsync(
            [new DocumentWrite(Collection, key, Bytes("{\"v\":1}"), 0)], new LogAppend(stream, [Bytes("a"), Bytes("b")]), Token);

        Assert.Equal([1L], versions);
        Assert.Equal([2L, 3L], sequences);
        Assert.Equal("{\"v\":1}", Text((await store.Documents.GetAsync(Collection, key, Token))!.Body));
        Assert.Equal(["earlier", "a", "b"], (await store.Log.ReadAfterAsync(stream, 0, 10, Token)).Select(e => Text(e.Body)));
    }

    [Fact]
    public async Task Put_and_append_with_a_stale_version_appends_nothing()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        var stream = "outbox-" + key;
        await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":1}"), 0, Token);
        await store.Documents.PutAsync(Collection, key, Bytes("{\"v\":2}"), 1, Token);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.Documents.WriteAsync(
            [new DocumentWrite(Collection, key, Bytes("{\"v\":\"stale\"}"), 1)], new LogAppend(stream, [Bytes("lost")]), Token));

        Assert.Empty(await store.Log.ReadAfterAsync(stream, 0, 10, Token));
        Assert.Equal("{\"v\":2}", Text((await store.Documents.GetAsync(Collection, key, Token))!.Body));
        Assert.Equal([1L], await store.Log.AppendAsync(stream, [Bytes("next")], Token));
    }

    [Fact]
    public async Task Several_documents_are_written_all_or_none()
    {
        await using var store = await OpenStoreAsync();
        var (first, second) = (NewKey(), NewKey());
        await store.Documents.PutAsync(Collection, second, Bytes("{\"v\":1}"), 0, Token);

        var (versions, sequences) = await store.Documents.WriteAsync(
            [new DocumentWrite(Collection, first, Bytes("{\"a\":1}"), 0), new DocumentWrite(Collection, second, Bytes("{\"v\":2}"), 1)], null, Token);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.Documents.WriteAsync(
            [new DocumentWrite(Collection, first, Bytes("{\"a\":2}"), 1), new DocumentWrite(Collection, second, Bytes("{\"v\":\"stale\"}"), 1)],
            new LogAppend("outbox-" + first, [Bytes("lost")]), Token));

        Assert.Equal([1L, 2L], versions);
        Assert.Empty(sequences);
        Assert.Equal("{\"a\":1}", Text((await store.Documents.GetAsync(Collection, first, Token))!.Body));
        Assert.Equal(("{\"v\":2}", 2L), (Text((await store.Documents.GetAsync(Collection, second, Token))!.Body), (await store.Documents.GetAsync(Collection, second, Token))!.Version));
        Assert.Empty(await store.Log.ReadAfterAsync("outbox-" + first, 0, 10, Token));
    }

    [Fact]
    public async Task Update_of_a_missing_document_conflicts()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.Documents.PutAsync(Collection, key, Bytes("{}"), 1, Token));
        Assert.Null(await store.Documents.GetAsync(Collection, key, Token));
    }

    [Fact]
    public async Task Creating_twice_with_expected_version_0_conflicts()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        await store.Documents.PutAsync(Collection, key, Bytes("{\"first\":true}"), 0, Token);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.Documents.PutAsync(Collection, key, Bytes("{\"second\":true}"), 0, Token));

        var stored = await store.Documents.GetAsync(Collection, key, Token);
        Assert.Equal(1, stored!.Version);
        Assert.Equal("{\"first\":true}", Text(stored.Body));
    }

    [Fact]
    public async Task Delete_removes_the_document_and_reports_whether_there_was_one()
    {
        await using var store = await OpenStoreAsync();
        var (key, other) = (NewKey(), NewKey());
        await store.Documents.PutAsync(Collection, key, Bytes("{}"), 0, Token);
        await store.Documents.PutAsync(Collection, other, Bytes("{}"), 0, Token);

        Assert.True(await store.Documents.DeleteAsync(Collection, key, Token));
        Assert.False(await store.Documents.DeleteAsync(Collection, key, Token));

        Assert.Null(await store.Documents.GetAsync(Collection, key, Token));
        Assert.NotNull(await store.Documents.GetAsync(Collection, other, Token));
        // Deleted means "does not exist": creating it again starts over at version 1.
        Assert.Equal(1, await store.Documents.PutAsync(Collection, key, Bytes("{}"), 0, Token));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_with_retry_loses_no_update()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        const int writers = 24;
        await store.Documents.PutAsync(Collection, key, Counter(0), 0, Token);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => IncrementAsync(store.Documents, key), Token)));

        var stored = await store.Documents.GetAsync(Collection, key, Token);
        Assert.Equal(writers, ReadCounter(stored!.Body));
        Assert.Equal(writers + 1, stored.Version);
    }

    [Fact]
    public async Task Two_writers_racing_with_the_same_version_exactly_one_wins()
    {
        await using var store = await OpenStoreAsync();
        var key = NewKey();
        var version = await store.Documents.PutAsync(Collection, key, Bytes("{\"round\":0}"), 0, Token);

        for (var round = 1; round <= 10; round++)
        {
            var expected = version;
            using var start = new Barrier(2);
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
            {
                start.SignalAndWait(Token);
                try
                {
                    return (Writer: writer, Version: await store.Documents.PutAsync(Collection, key, Bytes($"{{\"round\":{round},\"writer\":{writer}}}"), expected, Token));
                }
                catch (ConcurrencyConflictException)
                {
                    return (Writer: writer, Version: -1L);
                }
            }, Token)));

            var winner = Assert.Single(results, r => r.Version != -1);
            Assert.Equal(expected + 1, winner.Version);
            var stored = await store.Documents.GetAsync(Collection, key, Token);
            Assert.Equal(expected + 1, stored!.Version);
            Assert.Equal($"{{\"round\":{round},\"writer\":{winner.Writer}}}", Text(stored.Body));
            version = winner.Version;
        }
    }

    // ---- activity log ----

    [Fact]
    public async Task Append_numbers_a_batch_from_1_and_continues_across_calls()
    {
        await using var store = await OpenStoreAsync();
        var stream = NewKey();

        Assert.Equal([1L, 2L, 3L], await store.Log.AppendAsync(stream, [Bytes("a"), Bytes("b"), Bytes("c")], Token));
        Assert.Equal([4L], await store.Log.AppendAsync(stream, [Bytes("d")], Token));
        Assert.Equal([5L, 6L], await store.Log.AppendAsync(stream, [Bytes("e"), Bytes("f")], Token));
        Assert.Empty(await store.Log.AppendAsync(stream, [], Token));
        Assert.Equal([7L], await store.Log.AppendAsync(stream, [Bytes("g")], Token));

        var entries = await store.Log.ReadAfterAsync(stream, 0, 100, Token);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], entries.Select(e => Text(e.Body)));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAfter_returns_entries_above_the_watermark_oldest_first_up_to_the_limit()
    {
        await using var store = await OpenStoreAsync();
        var stream = NewKey();
        var bodies = Enumerable.Range(1, 10).Select(i => Bytes($"{{\"i\":{i}}}")).ToArray();
        await store.Log.AppendAsync(stream, bodies, Token);

        var page = await store.Log.ReadAfterAsync(stream, 3, 4, Token);
        Assert.Equal([4L, 5L, 6L, 7L], page.Select(e => e.Sequence));
        Assert.Equal(bodies[3].ToArray(), page[0].Body.ToArray());
        Assert.All(page, e => Assert.Equal(Time.GetUtcNow(), e.CreatedAt, TimeSpan.FromMilliseconds(1)));

        Assert.Equal([8L, 9L, 10L], (await store.Log.ReadAfterAsync(stream, 7, 100, Token)).Select(e => e.Sequence));
        Assert.Empty(await store.Log.ReadAfterAsync(stream, 10, 100, Token));
        Assert.Empty(await store.Log.ReadAfterAsync(NewKey(), 0, 100, Token));
    }

    [Fact]
    public async Task Streams_are_numbered_independently()
    {
        await using var store = await OpenStoreAsync();
        var (first, second) = (NewKey(), NewKey());

        await store.Log.AppendAsync(first, [Bytes("1a"), Bytes("1b")], Token);
        Assert.Equal([1L], await store.Log.AppendAsync(second, [Bytes("2a")], Token));
        Assert.Equal([3L], await store.Log.AppendAsync(first, [Bytes("1c")], Token));

        Assert.Equal(["1a", "1b", "1c"], (await store.Log.ReadAfterAsync(first, 0, 10, Token)).Select(e => Text(e.Body)));
        Assert.Equal(["2a"], (await store.Log.ReadAfterAsync(second, 0, 10, Token)).Select(e => Text(e.Body)));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_stream_give_a_dense_sequence_without_duplicates()
    {
        await using var store = await OpenStoreAsync();
        var stream = NewKey();

        var expected = await AppendConcurrentlyAsync([store.Log], stream, tasks: 16, appendsPerTask: 8);

        await AssertDenseAsync(store.Log, stream, expected);
    }

    [Fact]
    public async Task Purge_deletes_only_entries_older_than_the_cutoff()
    {
        await using var store = await OpenStoreAsync();
        var (stream, other) = (NewKey(), NewKey());
        await store.Log.AppendAsync(stream, [Bytes("old-1"), Bytes("old-2")], Token);
        await store.Log.AppendAsync(other, [Bytes("old-other")], Token);
        var oldTime = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromHours(2));
        await store.Log.AppendAsync(stream, [Bytes("new")], Token);

        Assert.Equal(3, await store.Log.PurgeOlderThanAsync(oldTime + TimeSpan.FromHours(1), Token));

        var left = Assert.Single(await store.Log.ReadAfterAsync(stream, 0, 10, Token));
        Assert.Equal((3L, "new"), (left.Sequence, Text(left.Body)));
        Assert.Empty(await store.Log.ReadAfterAsync(other, 0, 10, Token));
        // The cutoff is exclusive: an entry created exactly at the cutoff stays.
        Assert.Equal(0, await store.Log.PurgeOlderThanAsync(Time.GetUtcNow(), Token));
        Assert.Single(await store.Log.ReadAfterAsync(stream, 0, 10, Token));
    }

    [Fact]
    public async Task A_stream_whose_entries_were_all_purged_continues_after_its_last_sequence()
    {
        await using var store = await OpenStoreAsync();
        var stream = NewKey();
        await store.Log.AppendAsync(stream, [Bytes("a"), Bytes("b"), Bytes("c")], Token);
        Time.Advance(TimeSpan.FromDays(2));
        await store.Log.PurgeOlderThanAsync(Time.GetUtcNow() - TimeSpan.FromDays(1), Token);

        // A client holding watermark 3 must not miss what comes next, so numbering never restarts.
        Assert.Equal([4L], await store.Log.AppendAsync(stream, [Bytes("d")], Token));
        Assert.Equal(["d"], (await store.Log.ReadAfterAsync(stream, 3, 10, Token)).Select(e => Text(e.Body)));
    }

    [Fact]
    public async Task Retention_service_purges_old_activities_from_the_store_shortly_after_start()
    {
        await using var store = await OpenStoreAsync();
        var stream = NewKey();
        await store.Log.AppendAsync(stream, [Bytes("yesterday")], Token);
        Time.Advance(TimeSpan.FromHours(24));
        await store.Log.AppendAsync(stream, [Bytes("today")], Token);
        using var service = new ActivityRetentionService(store.Log, Options.Create(new StorageOptions()), Time, NullLogger<ActivityRetentionService>.Instance);

        await service.StartAsync(Token);
        Time.Advance(ActivityRetentionService.StartDelay);

        await WaitUntilAsync(async () => (await store.Log.ReadAfterAsync(stream, 0, 10, Token)).Count == 1);
        await service.StopAsync(Token);
        Assert.Equal(["today"], (await store.Log.ReadAfterAsync(stream, 0, 10, Token)).Select(e => Text(e.Body)));
    }

    // ---- lifetime and probe ----

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_store()
    {
        var (key, stream) = (NewKey(), NewKey());
        await using (var store = await OpenStoreAsync())
        {
            await store.Documents.PutAsync(Collection, key, Bytes("{\"kept\":true}"), 0, Token);
            await store.Documents.PutAsync(Collection, key, Bytes("{\"kept\":2}"), 1, Token);
            await store.Log.AppendAsync(stream, [Bytes("one"), Bytes("two")], Token);
        }

        await using var reopened = await OpenStoreAsync();

        var stored = await reopened.Documents.GetAsync(Collection, key, Token);
        Assert.Equal((2L, "{\"kept\":2}"), (stored!.Version, Text(stored.Body)));
        Assert.Equal(["one", "two"], (await reopened.Log.ReadAfterAsync(stream, 0, 10, Token)).Select(e => Text(e.Body)));
        Assert.Equal([3L], await reopened.Log.AppendAsync(stream, [Bytes("three")], Token));
    }

    [Fact]
    public async Task Probe_reports_reachable_and_names_the_provider()
    {
        await using var store = await OpenStoreAsync();

        Assert.True(await store.Probe.IsReachableAsync(Token));
        Assert.Equal(ExpectedProviderName, store.Probe.ProviderName);
    }

    // ---- the turn pipeline on top ----

    [Fact]
    public async Task Two_pipeline_instances_racing_on_one_conversation_lose_no_turn()
    {
        await using var store = await OpenStoreAsync();
        await RaceTurnsAsync(store.Documents, store.Documents);
    }

    /// <summary>
    /// Two app instances (each its own pipeline and in-process locks) take turns on one conversation at the
    /// same time; only the store's optimistic concurrency keeps them apart.
    /// </summary>
    protected async Task RaceTurnsAsync(IDocumentStore first, IDocumentStore second)
    {
        var dialogs = DialogCatalog.Load(Path.Combine(RepositoryPaths.Root, "dialogs"));
        var bot = new SessionBot(dialogs, new OppRepository(Time, new RandomSource()), Time, new OppAssistant.Core.Drafting.NoDraftingAssistant());
        TurnPipeline Instance(IDocumentStore store) =>
            new(store, bot, dialogs, new ConversationLocks(), Time, NullLogger<TurnPipeline>.Instance);
        var instances = new[] { Instance(first), Instance(second) };
        var conversation = new ConversationKey("test", NewKey());
        const int turnsPerInstance = 30;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2 * turnsPerInstance).Select(i => Task.Run(
            () => instances[i % 2].RunAsync(new TurnInput(conversation, "user-1", InputKind.Message, "hallo"), Token), Token)));

        var completed = outcomes.Count(o => o.Status == TurnStatus.Completed);
        var conflictText = dialogs.Common.Text("conflict_retry");
        // A turn may give up after its retries (the user is asked to resend); it must then have changed nothing.
        Assert.All(outcomes.Where(o => o.Status != TurnStatus.Completed), o => Assert.Equal(conflictText, Assert.Single(o.Replies).Text));
        var state = JsonSerializer.Deserialize<JsonElement>((await first.GetAsync(TurnPipeline.Collection, conversation.Value, Token))!.Body.Span);
        Assert.Equal(completed, state.GetProperty("turns").GetInt64());
        // Each give-up needs three wins of the other instance during its own turn, so at least 3/4 complete.
        Assert.True(completed * 4 >= outcomes.Length * 3, $"only {completed} of {outcomes.Length} turns completed");
    }

    // ---- helpers ----

    protected static string NewKey() => Guid.NewGuid().ToString("N");

    protected static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);

    protected static ReadOnlyMemory<byte> Counter(int value) => Bytes($"{{\"count\":{value}}}");

    protected static int ReadCounter(ReadOnlyMemory<byte> body) =>
        JsonSerializer.Deserialize<JsonElement>(body.Span).GetProperty("count").GetInt32();

    /// <summary>Read, add one, write back with the version read; on conflict start over. Returns the conflicts met.</summary>
    protected static async Task<int> IncrementAsync(IDocumentStore store, string key)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var current = await store.GetAsync(Collection, key, Token);
            try
            {
                await store.PutAsync(Collection, key, Counter(ReadCounter(current!.Body) + 1), current.Version, Token);
                return conflicts;
            }
            catch (ConcurrencyConflictException)
            {
                Assert.True(conflicts < 10_000, "no progress");
            }
        }
    }

    /// <summary>Many tasks append batches of 1–3 entries, spread over the given instances; returns body by sequence.</summary>
    protected static async Task<Dictionary<long, string>> AppendConcurrentlyAsync(IReadOnlyList<IActivityLog> instances, string stream, int tasks, int appendsPerTask)
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, tasks).Select(task => Task.Run(async () =>
        {
            var log = instances[task % instances.Count];
            var written = new List<(long Sequence, string Body)>();
            for (var append = 0; append < appendsPerTask; append++)
            {
                var bodies = Enumerable.Range(0, 1 + ((task + append) % 3)).Select(i => $"{{\"task\":{task},\"append\":{append},\"i\":{i}}}").ToArray();
                var sequences = await log.AppendAsync(stream, bodies.Select(Bytes).ToArray(), Token);
                Assert.Equal(bodies.Length, sequences.Count);
                // A batch is one transaction, so its numbers are consecutive and in entry order.
                Assert.Equal(Enumerable.Range(0, bodies.Length).Select(i => sequences[0] + i), sequences);
                written.AddRange(sequences.Zip(bodies));
            }
            return written;
        }, Token)));
        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, all.Select(w => w.Sequence).Distinct().Count());
        return all.ToDictionary(w => w.Sequence, w => w.Body);
    }

    protected static async Task AssertDenseAsync(IActivityLog log, string stream, Dictionary<long, string> expected)
    {
        var stored = new List<LogEntry>();
        for (long watermark = 0; ;)
        {
            // Paged like a reconnecting client, which also exercises the limit.
            var page = await log.ReadAfterAsync(stream, watermark, 50, Token);
            if (page.Count == 0)
            {
                break;
            }
            stored.AddRange(page);
            watermark = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.All(stored, e => Assert.Equal(expected[e.Sequence], Text(e.Body)));
    }

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "condition not met within 15 s");
            await Task.Delay(20, Token);
        }
    }
}
