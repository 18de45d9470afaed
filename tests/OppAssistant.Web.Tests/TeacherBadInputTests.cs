using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;
using OppAssistant.Web.Tests.Transcripts;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>
/// Bad input in the middle of a teacher's plan, over the real /api/messages (local mode, expectReplies): every
/// message gets a 200 with the Dutch re-prompt from dialogs/teacher.yaml and the same question again, nothing
/// stored changes, the next good answer carries on, and no log line holds what the teacher typed.
/// </summary>
public sealed class TeacherBadInputTests : IAsyncDisposable
{
    private const string Conversation = "a:teacher-bad-input";
    private const string Pupil = "Noor";

    /// <summary>More than any text question allows, and easy to find in a log.</summary>
    private static readonly string LongAnswer = string.Concat(Enumerable.Repeat("Een heel lang antwoord over de aanpak in de klas. ", 400))[..20_000];

    private readonly OppAssistantApplication app;
    private readonly HttpClient client;
    private readonly TeacherDialog teacher;
    private readonly IDocumentStore store;

    public TeacherBadInputTests()
    {
        // Every category down to Trace, so the log check also covers what the framework would log.
        app = Create(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        client = app.CreateClient();
        teacher = app.Services.GetRequiredService<DialogCatalog>().Teacher;
        store = app.Services.GetRequiredService<IDocumentStore>();
    }

    [Fact]
    public async Task Bad_input_mid_plan_gets_the_Dutch_reprompt_and_the_same_question_and_changes_nothing()
    {
        await PostAsync(ConversationUpdate(Conversation, expectReplies: true));
        await SayAsync("leraar");
        await SayAsync("nieuw OPP");
        // Through Start, Overzicht and Inzicht into Uitzicht, up to the first question of the goal: a choice.
        foreach (var answer in (string[])[
            Pupil, "basisschool", "groep 6", "Noor krijgt extra begeleiding bij rekenen.", "ja",
            "Noor tekent graag en goed.", "nee", "Noor raakt de draad kwijt bij lange instructies.", "nee",
            "Ze zit naast een rustige klasgenoot.", "nee", "Na de pauze is het onrustig in de groep.", "nee",
            "Haar zus leest met haar.", "nee", "Thuis is weinig rust.", "nee", "ja",
            "Lange instructies en weinig slaap maken concentreren moeilijk.", "sla over", "ja",
            "vmbo-t/havo", "regulier",
        ])
        {
            await SayAsync(answer);
        }
        var askDomain = await SayAsync("Noor is gemotiveerd en krijgt steun thuis.");
        var domain = teacher.Question("goal_domain");
        Assert.Contains(domain.Ask, AllText(askDomain), StringComparison.Ordinal);
        Assert.Contains("Stap 16 van 27", AllText(askDomain), StringComparison.Ordinal);

        // A choice question: nonsense, a number that is no choice, nothing, only white space, a stale card, malformed values.
        await AssertRefusedAsync(Message(Conversation, "blablabla", expectReplies: true), teacher.Text("invalid_choice"), askDomain);
        await AssertRefusedAsync(Message(Conversation, "9", expectReplies: true), teacher.Text("invalid_choice"), askDomain);
        await AssertRefusedAsync(Message(Conversation, "", expectReplies: true), teacher.Text("empty_answer"), askDomain);
        await AssertRefusedAsync(Message(Conversation, "  \t\n  ", expectReplies: true), teacher.Text("empty_answer"), askDomain);
        await AssertRefusedAsync(Card(new JsonObject { ["action"] = "answer", ["question"] = "pupil_school_type", ["value"] = "vo" }), teacher.Text("wrong_card"), askDomain);
        await AssertRefusedAsync(Card(new JsonObject { ["action"] = "more", ["question"] = "factor_home_hindering", ["value"] = "yes" }), teacher.Text("wrong_card"), askDomain);
        await AssertRefusedAsync(Card(new JsonArray("learning", 1)), teacher.Text("empty_answer"), askDomain);
        await AssertRefusedAsync(Card(JsonValue.Create(42)), teacher.Text("empty_answer"), askDomain);
        await AssertRefusedAsync(Card(new JsonObject { ["action"] = "answer", ["question"] = "goal_domain", ["value"] = new JsonArray("learning") }), teacher.Text("empty_answer"), askDomain);
        await AssertRefusedAsync(Card(new JsonObject { ["action"] = "answer", ["question"] = "goal_domain", ["value"] = 1 }), teacher.Text("empty_answer"), askDomain);

        // The right answer afterwards carries on to the next question and is stored.
        var askDescription = await SayAsync("leren");
        var description = teacher.Question("goal_description");
        Assert.Contains(description.Ask, AllText(askDescription), StringComparison.Ordinal);
        Assert.Contains("Stap 17 van 27", AllText(askDescription), StringComparison.Ordinal);
        Assert.Equal(GoalDomain.Learning, Assert.Single((await PlanAsync()).Goals).Domain);

        // A text question: 20,000 characters, and white space only.
        Assert.Equal(400, description.MaxLength);
        await AssertRefusedAsync(Message(Conversation, LongAnswer, expectReplies: true), teacher.Text("too_long", ("max", "400")), askDescription);
        await AssertRefusedAsync(Message(Conversation, " \u00a0 ", expectReplies: true), teacher.Text("empty_answer"), askDescription);

        var askCriterion = await SayAsync("Noor rekent sommen tot 100 vlot.");
        Assert.Contains(teacher.Question("goal_success_criterion").Ask, AllText(askCriterion), StringComparison.Ordinal);
        Assert.Equal("Noor rekent sommen tot 100 vlot.", Assert.Single((await PlanAsync()).Goals).Description?.Text);

        // Nothing the teacher typed reaches the logs: not the long answer, not the pupil's name.
        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains(LongAnswer[..60], StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, line => line.Contains(Pupil, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(app.Logs, line => line.Contains("blablabla", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    /// <summary>
    /// Posts a bad input and checks: 200; first the re-prompt, exactly as dialogs/teacher.yaml words it; then the
    /// question exactly as it was asked; the plan and the conversation state as they were, but for the turn's clock and count.
    /// </summary>
    private async Task AssertRefusedAsync(JsonObject activity, string reprompt, IReadOnlyList<JsonObject> asked)
    {
        var planBefore = await StoredAsync(OppRepository.Collection, await PlanIdAsync());
        var stateBefore = await StoredAsync(TurnPipeline.Collection, StateKey);

        var replies = await PostAsync(activity);

        Assert.Equal(reprompt, (string?)replies[0]["text"]);
        Assert.Equal(asked.Count + 1, replies.Count);
        Assert.Equal(
            asked.Select(a => TranscriptFile.ToJson(TranscriptReplayer.Compared(a))),
            replies.Skip(1).Select(a => TranscriptFile.ToJson(TranscriptReplayer.Compared(a))));

        var planAfter = await StoredAsync(OppRepository.Collection, await PlanIdAsync());
        var stateAfter = await StoredAsync(TurnPipeline.Collection, StateKey);
        Assert.Equal(planBefore.Version, planAfter.Version);
        Assert.Equal(Without(planBefore, "updatedAt"), Without(planAfter, "updatedAt"));
        Assert.Equal(Without(stateBefore, "lastTurnAt", "turns"), Without(stateAfter, "lastTurnAt", "turns"));
        Assert.Equal((long?)JsonNode.Parse(stateBefore.Body.Span)?["turns"] + 1, (long?)JsonNode.Parse(stateAfter.Body.Span)?["turns"]);
    }

    private static string StateKey => new ConversationKey("msteams", Conversation).Value;

    private async Task<StoredDocument> StoredAsync(string collection, string key)
    {
        var stored = await store.GetAsync(collection, key, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        return stored;
    }

    private async Task<string> PlanIdAsync()
    {
        var state = JsonNode.Parse((await StoredAsync(TurnPipeline.Collection, StateKey)).Body.Span);
        return (string?)state?["teacher"]?["oppId"] ?? throw new InvalidOperationException("No plan is open.");
    }

    private async Task<OppDocument> PlanAsync() =>
        (await app.Services.GetRequiredService<OppRepository>().GetAsync(new TurnDocuments(store), await PlanIdAsync(), TestContext.Current.CancellationToken))!;

    /// <summary>The stored JSON without the named top-level properties, as text to compare.</summary>
    private static string Without(StoredDocument stored, params string[] names)
    {
        var json = JsonNode.Parse(stored.Body.Span)!.AsObject();
        foreach (var name in names)
        {
            Assert.True(json.Remove(name), $"the stored document has {name}");
        }
        return json.ToJsonString();
    }

    private Task<IReadOnlyList<JsonObject>> SayAsync(string text) => PostAsync(Message(Conversation, text, expectReplies: true));

    /// <summary>A card submit: a message with this value and no text.</summary>
    private static JsonObject Card(JsonNode value)
    {
        var activity = Activity("message", Conversation, expectReplies: true);
        activity["value"] = value;
        return activity;
    }

    private async Task<IReadOnlyList<JsonObject>> PostAsync(JsonObject activity)
    {
        using var response = await ApiMessagesTestHost.PostAsync(client, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await ReadJsonAsync(response))["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.NotEmpty(replies);
        return replies;
    }

    private static string AllText(IEnumerable<JsonObject> replies) =>
        string.Join("\n", replies.Select(r => (string?)r["text"] ?? r["attachments"]?.ToJsonString()));
}
