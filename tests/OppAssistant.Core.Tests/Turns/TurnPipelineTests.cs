using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Turns;

public sealed class TurnPipelineTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly ConversationKey Key = new("test", "conversation-7");

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> logs = new();

    [Fact]
    public async Task A_turn_reads_decides_and_writes_the_state_once()
    {
        var outcome = await Pipeline().RunAsync(Started(), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Completed, outcome.Status);
        Assert.Equal(Dialogs.Common.Text("welcome"), outcome.Replies[0].Text);
        var stored = await Stored();
        Assert.Equal(SessionStage.ChoosingRole, stored.State.Stage);
        Assert.Equal(1, stored.State.Turns);
        Assert.Equal(time.GetUtcNow(), stored.State.StartedAt);
        Assert.Equal(1, store.Writes);
    }

    [Fact]
    public async Task The_state_carries_over_to_the_next_turn()
    {
        var pipeline = Pipeline();
        await pipeline.RunAsync(Started(), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(3));

        var outcome = await pipeline.RunAsync(Message("ib'er"), TestContext.Current.CancellationToken);

        Assert.Equal(Dialogs.Common.For(Role.Coordinator).Intro, outcome.Replies[0].Text);
        var stored = await Stored();
        Assert.Equal((Role.Coordinator, 2L, 2L), (stored.State.Role!.Value, stored.State.Turns, stored.Version));
        Assert.Equal(time.GetUtcNow(), stored.State.LastTurnAt);
        Assert.NotEqual(stored.State.StartedAt, stored.State.LastTurnAt);
    }

    [Fact]
    public async Task A_failing_bot_gets_the_apology_and_leaves_the_stored_state_as_it_was()
    {
        await Pipeline().RunAsync(Started(), TestContext.Current.CancellationToken);
        var before = await store.GetAsync(TurnPipeline.Collection, Key.Value, TestContext.Current.CancellationToken);

        var outcome = await Pipeline(new ThrowingBot("secret answer Zwanenburg")).RunAsync(Message("Zwanenburg"), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Failed, outcome.Status);
        Assert.Equal(Dialogs.Common.Text("error_apology"), Assert.Single(outcome.Replies).Text);
        var after = await store.GetAsync(TurnPipeline.Collection, Key.Value, TestContext.Current.CancellationToken);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Body.ToArray(), after.Body.ToArray());
        Assert.Contains(logs, line => line.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("Zwanenburg", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(Key.ConversationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_write_gets_the_apology_and_the_next_turn_continues_from_the_stored_state()
    {
        var pipeline = Pipeline();
        await pipeline.RunAsync(Started(), TestContext.Current.CancellationToken);
        store.FailNextWrite = new IOException("disk full");

        var failed = await pipeline.RunAsync(Message("ib'er"), TestContext.Current.CancellationToken);
        var retried = await pipeline.RunAsync(Message("ib'er"), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Failed, failed.Status);
        Assert.Equal(Dialogs.Common.Text("error_apology"), Assert.Single(failed.Replies).Text);
        Assert.Equal(Dialogs.Common.For(Role.Coordinator).Intro, retried.Replies[0].Text);
        Assert.Equal(2, (await Stored()).State.Turns);
    }

    [Fact]
    public async Task A_concurrent_write_from_another_instance_is_reread_and_not_lost()
    {
        var pipeline = Pipeline();
        await pipeline.RunAsync(Started(), TestContext.Current.CancellationToken);
        store.BeforeNextWrite = () => Pipeline().RunAsync(Message("help"), TestContext.Current.CancellationToken);

        var outcome = await pipeline.RunAsync(Message("ib'er"), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Completed, outcome.Status);
        var stored = await Stored();
        Assert.Equal(3, stored.State.Turns);
        Assert.Equal(Role.Coordinator, stored.State.Role);
    }

    [Fact]
    public async Task A_conflict_that_keeps_coming_back_is_rejected_cleanly()
    {
        var conflicting = new AlwaysConflictingStore();

        var outcome = await Pipeline(store: conflicting).RunAsync(Started(), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Failed, outcome.Status);
        Assert.Equal(Dialogs.Common.Text("conflict_retry"), Assert.Single(outcome.Replies).Text);
        Assert.Equal(3, conflicting.Attempts);
    }

    [Fact]
    public async Task Recorded_replies_are_stored_with_the_state_and_only_from_the_attempt_that_won()
    {
        var pipeline = Pipeline();
        await pipeline.RunAsync(Started(), TestContext.Current.CancellationToken);
        store.BeforeNextWrite = () => Pipeline().RunAsync(Message("ib'er"), TestContext.Current.CancellationToken);
        var recorded = 0;

        var outcome = await pipeline.RunAsync(Message("help"), replies =>
        {
            recorded++;
            return new LogAppend("log", replies.Select(r => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(r.Text ?? "card")).ToList());
        }, TestContext.Current.CancellationToken);

        // The first attempt conflicted (another instance chose a role meanwhile) and logged nothing; the retry saw
        // the coordinator role and logged its own answer: the review's help.
        Assert.Equal(2, recorded);
        Assert.Equal(Dialogs.Review.Text("help"), Assert.Single(outcome.Replies).Text);
        Assert.Equal([1L], outcome.Logged);
        Assert.Equal(Dialogs.Review.Text("help"), Encoding.UTF8.GetString(Assert.Single(store.Appended)));
    }

    [Fact]
    public async Task A_failed_recorded_turn_logs_nothing()
    {
        var outcome = await Pipeline(new ThrowingBot("x")).RunAsync(
            Started(), _ => new LogAppend("log", [new byte[] { 1 }]), TestContext.Current.CancellationToken);

        Assert.Equal(TurnStatus.Failed, outcome.Status);
        Assert.Null(outcome.Logged);
        Assert.Empty(store.Appended);
    }

    [Fact]
    public async Task Unreadable_stored_state_starts_the_conversation_over()
    {
        await store.PutAsync(TurnPipeline.Collection, Key.Value, Encoding.UTF8.GetBytes("{not json"), 0, TestContext.Current.CancellationToken);

        var outcome = await Pipeline().RunAsync(Message("hallo"), TestContext.Current.CancellationToken);

        Assert.Equal(Dialogs.Common.Text("welcome"), outcome.Replies[0].Text);
        Assert.Equal(2, (await Stored()).Version);
    }

    private TurnPipeline Pipeline(IConversationBot? bot = null, IDocumentStore? store = null) => new(
        store ?? this.store,
        // Everyone may be a coordinator here, so "ib'er" enters a role with a flow whose first answers are known.
        bot ?? new SessionBot(Dialogs, new OppRepository(time, new RandomSource()), time, new OppAssistant.Core.Drafting.NoDraftingAssistant(), coordinators: FakeCoordinators.All),
        Dialogs,
        new ConversationLocks(),
        time,
        new CapturingLogger<TurnPipeline>(logs));

    private async Task<(ConversationState State, long Version)> Stored()
    {
        var document = await store.GetAsync(TurnPipeline.Collection, Key.Value, TestContext.Current.CancellationToken);
        var state = JsonSerializer.Deserialize(document!.Body.Span, CoreJsonContext.Default.ConversationState)!;
        return (state, document.Version);
    }

    private static TurnInput Started() => new(Key, "user-1", InputKind.ConversationStarted);

    private static TurnInput Message(string text) => new(Key, "user-1", InputKind.Message, text);

    private sealed class ThrowingBot(string message) : IConversationBot
    {
        public ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(message);
    }

    private sealed class AlwaysConflictingStore : IDocumentStore
    {
        public int Attempts { get; private set; }

        public Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken) => Task.FromResult<StoredDocument?>(null);

        public Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
        {
            Attempts++;
            throw new ConcurrencyConflictException(collection, expectedVersion);
        }

        public Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
            IReadOnlyList<DocumentWrite> documents, LogAppend? append, CancellationToken cancellationToken)
        {
            Attempts++;
            throw new ConcurrencyConflictException(documents[0].Collection, documents[0].ExpectedVersion);
        }

        public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}

internal sealed class CapturingLogger<T>(ConcurrentQueue<string> lines) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}
