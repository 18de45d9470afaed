using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Teacher;

/// <summary>A teacher talking to the bot through the real turn pipeline, over an in-memory store.</summary>
internal sealed class TeacherConversation
{
    public static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);

    private readonly TurnPipeline pipeline;
    private ConversationKey key;

    public TeacherConversation(
        InMemoryDocumentStore? store = null, FakeTimeProvider? time = null, string channel = "msteams", string conversation = "conversation-1", string user = "aad:teacher-1",
        OppAssistant.Core.Drafting.IDraftingAssistant? drafting = null, StandardOffer? standardOffer = null,
        OppAssistant.Core.Review.ICoordinatorDirectory? coordinators = null, IProactiveTurns? proactive = null, OppAssistant.Core.Review.IReviewLinks? links = null)
    {
        Store = store ?? new InMemoryDocumentStore();
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        Plans = new OppRepository(Time, new RandomSource());
        pipeline = new TurnPipeline(Store, new SessionBot(
            Dialogs, Plans, Time, drafting ?? new OppAssistant.Core.Drafting.NoDraftingAssistant(), standardOffer,
            coordinators: coordinators, proactiveTurns: proactive is null ? null : () => proactive, reviewLinks: links), Dialogs, new ConversationLocks(), Time, NullLogger<TurnPipeline>.Instance);
        key = new ConversationKey(channel, conversation);
        UserKey = user;
    }

    public InMemoryDocumentStore Store { get; }

    public FakeTimeProvider Time { get; }

    public OppRepository Plans { get; }

    public string UserKey { get; }

    public static TeacherDialog Teacher => Dialogs.Teacher;

    public IReadOnlyList<BotReply> Last { get; private set; } = [];

    /// <summary>All text of the last replies, the texts, labels and button titles of cards included, for assertions.</summary>
    public string LastText => string.Join("\n", Last.SelectMany(r => r.AdaptiveCard is { } card ? Strings(card) : [r.Text ?? ""]));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name is "text" or "title" or "label" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>Opens the conversation: the welcome and the role question.</summary>
    public Task<IReadOnlyList<BotReply>> OpenAsync() => TurnAsync(new TurnInput(key, "user", InputKind.ConversationStarted));

    /// <summary>Opens the conversation and chooses the teacher role: her plans are listed.</summary>
    public async Task<IReadOnlyList<BotReply>> StartAsync()
    {
        await TurnAsync(new TurnInput(key, "user", InputKind.ConversationStarted));
        return await SayAsync("leraar");
    }

    /// <summary>As <see cref="StartAsync"/>, then starts a new plan: the first question is asked.</summary>
    public async Task<IReadOnlyList<BotReply>> StartNewPlanAsync()
    {
        await StartAsync();
        return await SayAsync("nieuw OPP");
    }

    public Task<IReadOnlyList<BotReply>> SayAsync(string? text) => TurnAsync(new TurnInput(key, "user", InputKind.Message, text));

    /// <summary>Presses a card button or submits a card form with these fields.</summary>
    public Task<IReadOnlyList<BotReply>> SubmitAsync(params (string Key, string Value)[] data) =>
        TurnAsync(new TurnInput(key, "user", InputKind.CardAction, null, JsonSerializer.SerializeToElement(data.ToDictionary(d => d.Key, d => d.Value))));

    public Task<IReadOnlyList<BotReply>> AnswerCardAsync(string question, string value) =>
        SubmitAsync(("action", "answer"), ("question", question), ("value", value));

    /// <summary>The buttons' data of the last card, e.g. to press the first plan in "mijn OPP's".</summary>
    public IEnumerable<JsonElement> LastCardActions =>
        Last.Where(r => r.AdaptiveCard is not null)
            .SelectMany(r => r.AdaptiveCard!.Value.TryGetProperty("actions", out var a) ? a.EnumerateArray().ToList() : [])
            .Where(a => a.TryGetProperty("data", out _))
            .Select(a => a.GetProperty("data"));

    /// <summary>The last cards' actions as they are, Action.OpenUrl included.</summary>
    public IEnumerable<JsonElement> LastCardButtons =>
        Last.Where(r => r.AdaptiveCard is not null)
            .SelectMany(r => r.AdaptiveCard!.Value.TryGetProperty("actions", out var a) ? a.EnumerateArray().ToList() : []);

    public void MoveTo(string conversation) => key = key with { ConversationId = conversation };

    public async Task<ConversationState> StateAsync()
    {
        var stored = await Store.GetAsync(TurnPipeline.Collection, key.Value, TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize(stored!.Body.Span, CoreJsonContext.Default.ConversationState)!;
    }

    public async Task<OppDocument> PlanAsync()
    {
        var state = await StateAsync();
        var plan = await Plans.GetAsync(new TurnDocuments(Store), state.Teacher!.OppId!, TestContext.Current.CancellationToken);
        return plan!;
    }

    /// <summary>The slow work the last turn asked for.</summary>
    public IReadOnlyList<FollowUp> LastFollowUps { get; private set; } = [];

    /// <summary>Runs the slow work of the last turn as the transport would, and its follow-up turn; returns what that turn said.</summary>
    public async Task<IReadOnlyList<BotReply>> RunFollowUpAsync(bool fail = false)
    {
        var followUp = Assert.Single(LastFollowUps);
        var payload = new Dictionary<string, object?> { ["followUp"] = followUp.Name, ["ok"] = !fail };
        if (!fail)
        {
            payload["result"] = await followUp.Work(TestContext.Current.CancellationToken);
        }
        return await TurnAsync(new TurnInput(key, "user", InputKind.FollowUp, Value: JsonSerializer.SerializeToElement(payload)));
    }

    public Task<IReadOnlyList<BotReply>> SendFollowUpAsync(JsonElement payload) =>
        TurnAsync(new TurnInput(key, "user", InputKind.FollowUp, Value: payload));

    private async Task<IReadOnlyList<BotReply>> TurnAsync(TurnInput input)
    {
        Time.Advance(TimeSpan.FromSeconds(20));
        var outcome = await pipeline.RunAsync(input with { UserKey = UserKey }, TestContext.Current.CancellationToken);
        Assert.Equal(TurnStatus.Completed, outcome.Status);
        Last = outcome.Replies;
        LastFollowUps = outcome.FollowUps;
        return Last;
    }
}
