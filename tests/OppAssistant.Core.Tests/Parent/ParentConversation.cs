using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Parent;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Parent;

/// <summary>A parent talking to the bot through the real turn pipeline, over an in-memory store.</summary>
internal sealed class ParentConversation
{
    public static DialogCatalog Dialogs => TeacherConversation.Dialogs;

    private readonly TurnPipeline pipeline;
    private readonly ConversationKey key = new("webchat", "parent-conversation-1");

    public ParentConversation(IParentKnowledge knowledge)
    {
        Store = new InMemoryDocumentStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var bot = new SessionBot(Dialogs, new OppRepository(time, new RandomSource()), time, new OppAssistant.Core.Drafting.NoDraftingAssistant(), parentKnowledge: knowledge);
        pipeline = new TurnPipeline(Store, bot, Dialogs, new ConversationLocks(), time, NullLogger<TurnPipeline>.Instance);
    }

    public InMemoryDocumentStore Store { get; }

    public IReadOnlyList<BotReply> Last { get; private set; } = [];

    /// <summary>All text of the last replies, the texts and button titles of cards included.</summary>
    public string LastText => string.Join("\n", Last.SelectMany(r => r.AdaptiveCard is { } card ? Strings(card) : [r.Text ?? ""]));

    /// <summary>The data of every button in the last replies.</summary>
    public IReadOnlyList<JsonElement> LastButtons =>
        Last.Where(r => r.AdaptiveCard is not null)
            .SelectMany(r => r.AdaptiveCard!.Value.TryGetProperty("actions", out var a) ? a.EnumerateArray().ToList() : [])
            .Select(a => a.GetProperty("data"))
            .ToList();

    /// <summary>Opens the chat and chooses the parent role.</summary>
    public async Task<IReadOnlyList<BotReply>> StartAsync()
    {
        await TurnAsync(new TurnInput(key, "user", InputKind.ConversationStarted));
        return await SubmitAsync((SessionFlow.ActionKey, SessionFlow.ChooseRoleAction), (SessionFlow.RoleKey, SessionFlow.RoleId(Role.Parent)));
    }

    public Task<IReadOnlyList<BotReply>> SayAsync(string? text) => TurnAsync(new TurnInput(key, "user", InputKind.Message, text));

    public Task<IReadOnlyList<BotReply>> PressAsync(string cardId) =>
        SubmitAsync((ParentFlow.ActionKey, ParentFlow.QuestionAction), (ParentFlow.CardKey, cardId));

    public Task<IReadOnlyList<BotReply>> SubmitAsync(params (string Key, string Value)[] data) =>
        TurnAsync(new TurnInput(key, "user", InputKind.CardAction, null, JsonSerializer.SerializeToElement(data.ToDictionary(d => d.Key, d => d.Value))));

    /// <summary>The stored conversation state as JSON, exactly as written.</summary>
    public async Task<string> StoredStateAsync()
    {
        var stored = await Store.GetAsync(TurnPipeline.Collection, key.Value, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stored!.Body.Span);
    }

    public async Task<ConversationState> StateAsync() =>
        JsonSerializer.Deserialize(await StoredStateAsync(), CoreJsonContext.Default.ConversationState)!;

    private async Task<IReadOnlyList<BotReply>> TurnAsync(TurnInput input)
    {
        var outcome = await pipeline.RunAsync(input, TestContext.Current.CancellationToken);
        Assert.Equal(TurnStatus.Completed, outcome.Status);
        Last = outcome.Replies;
        return Last;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name is "text" or "title" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

/// <summary>A few invented cards: a question containing a card's keyword finds it; anything else is not known.</summary>
internal sealed class FakeParentKnowledge : IParentKnowledge
{
    public static readonly ParentKnowledgeCard Consent = new(
        "instemming-handelingsdeel", "Moet ik instemmen met het plan?", "Ja, met het **handelingsdeel**.",
        ["seed 002, §3"], new DateOnly(2026, 11, 30), "Dit geldt sinds 2024.",
        [new("wat-is-een-opp", "Wat is een OPP?"), new("ouder-en-jeugdsteunpunt", "Waar krijg ik hulp?")]);

    public static readonly ParentKnowledgeCard WhatIs = new(
        "wat-is-een-opp", "Wat is een OPP?", "Een plan voor extra hulp.", ["seed 000, FAQ 1", "faq-brief §1"], new DateOnly(2026, 1, 5), null,
        [new("instemming-handelingsdeel", "Moet ik instemmen met het plan?")]);

    public static readonly ParentKnowledgeCard Support = new(
        "ouder-en-jeugdsteunpunt", "Waar krijg ik hulp?", "Bij het steunpunt.", ["seed 003 §3.4"], new DateOnly(2026, 2, 1), null, []);

    private static readonly Dictionary<string, ParentKnowledgeCard> Cards = new[] { Consent, WhatIs, Support }.ToDictionary(c => c.Id);

    public List<string> Asked { get; } = [];

    public ParentKnowledgeAnswer Ask(string question)
    {
        Asked.Add(question);
        if (question.Contains("instem", StringComparison.OrdinalIgnoreCase))
        {
            return new ParentKnowledgeAnswer.Found(Consent);
        }
        return question.Contains("wat is", StringComparison.OrdinalIgnoreCase) ? new ParentKnowledgeAnswer.Found(WhatIs) : ParentKnowledgeAnswer.NotKnown;
    }

    public ParentKnowledgeCard? Card(string id) => Cards.GetValueOrDefault(id);
}
