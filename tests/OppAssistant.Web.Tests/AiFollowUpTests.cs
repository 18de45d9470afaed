using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;
using OppAssistant.Drafting.AI.Tests;

namespace OppAssistant.Web.Tests;

/// <summary>
/// The AI suggestions of the needs step end to end, over Direct Line against the fake Azure OpenAI on 127.0.0.1:
/// choosing a category answers at once (with "ai_writing" when AI drafting is on), the suggestions follow as a
/// message of their own in the activity log, nothing that names a person leaves the service, and a picked
/// suggestion is stored as AI text. A failing AI leaves the teacher to finish the sentence herself; with AI off
/// nothing of this happens.
/// </summary>
public sealed class AiFollowUpTests
{
    private const string Base = "/v3/directline";
    private const string Pupil = "Noor";

    /// <summary>Everyone else the plan names, each after a title or family word ("juf Anja"), the way the pseudonymiser finds them.</summary>
    private static readonly string[] OtherNames = ["Anja", "Lotte", "Bram"];

    /// <summary>From the role to the first category card of the needs step (one goal): Start, Overzicht, Inzicht, Uitzicht.</summary>
    private static readonly string[] ToTheNeeds =
    [
        "leraar", "nieuw OPP",
        Pupil, "basisschool", "groep 6", "Noor krijgt extra begeleiding bij rekenen.", "ja",
        "Noor tekent graag en goed.", "nee",
        "Noor raakt de draad kwijt bij lange instructies.", "nee",
        "Juf Anja herhaalt de uitleg aan de instructietafel.", "nee",
        "Na de pauze is het lang onrustig in de groep.", "nee",
        "Haar zus Lotte leest 's avonds met haar.", "nee",
        "Thuis is weinig rust; opa Bram past vaak op.", "nee",
        "ja",
        "Lange instructies en onrust maken concentreren moeilijk.", "sla over", "ja",
        "vmbo-t/havo", "regulier", "Noor is gemotiveerd en krijgt steun thuis.",
        "leren", "Noor rekent voor de voorjaarsvakantie sommen tot 100 vlot en zonder hulp.",
        "Noor maakt 8 van de 10 sommen in de bloktoets goed.",
        "Om de twee weken een korte rekentoets en een gesprekje met juf Anja.", "15-3-2027", "nee",
    ];

    /// <summary>What the fake model answers: need statements that speak of the pupil by her placeholder only.</summary>
    private const string CannedSuggestions = """
        - «LEERLING_1» heeft nodig dat de instructie kort is en in kleine stappen gaat.
        - «LEERLING_1» heeft nodig dat de uitleg aan de instructietafel herhaald wordt.
        - «LEERLING_1» heeft nodig dat ze na de uitleg eerst een uitgewerkt voorbeeld ziet.
        """;

    /// <summary>How long a follow-up may take to show up in the log; far more than the fake's delays or the 1 s AI timeout.</summary>
    private static readonly TimeSpan FollowUpDeadline = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_AI_on_the_suggestions_follow_as_their_own_message_pseudonymised_on_the_wire_and_a_picked_one_is_stored_as_AI()
    {
        await using var fake = await FakeAzureOpenAI.StartAsync(Ct);
        // Slower than a turn should ever be: the category turn must not wait for it.
        var aiDelay = TimeSpan.FromSeconds(1);
        // The goal asks for SMART hints first (when it is finished), then the category for need statements.
        fake.Enqueue(new FakeReply("- Noem een datum.\n"));
        fake.Enqueue(new FakeReply(CannedSuggestions, Delay: aiDelay));
        await using var app = new OppAssistantApplication(AiSettings(fake));
        using var client = app.CreateClient();
        var teacher = app.Services.GetRequiredService<DialogCatalog>().Teacher;
        var chat = await Chat.StartAsync(client);
        var categories = await WalkToTheNeedsAsync(chat);
        await WaitUntilAsync(() => fake.Requests.Count >= 1);

        var mark = chat.Mark;
        var clock = Stopwatch.StartNew();
        var turn = await chat.SendAsync(CategoryValue(categories, "instruction"));
        var postTook = clock.Elapsed;

        // The turn itself: at once, with the notice and the sentence to finish, but no AI output yet.
        Assert.True(postTook < aiDelay, $"Choosing a category took {postTook.TotalMilliseconds:0} ms; it must not wait for the AI ({aiDelay.TotalMilliseconds:0} ms).");
        Assert.Contains(turn, a => Text(a) == teacher.Text("ai_writing"));
        Assert.Contains(turn, a => Text(a)?.StartsWith(teacher.Text("need_complete").Split("{start}")[0], StringComparison.Ordinal) == true);
        Assert.DoesNotContain(chat.Since(mark), a => CardTexts(a).Contains(teacher.Text("ai_suggestions")) || Text(a) == teacher.Text("ai_failed"));

        // Then, apart: the bot's own message with the AI's statements, the names put back.
        var followUp = await chat.WaitForAsync(mark, a => CardTexts(a).Contains(teacher.Text("ai_suggestions")));
        Assert.Null(ReplyTo(followUp));
        var expected = CannedSuggestions.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimStart('-', ' ').Replace("«LEERLING_1»", Pupil, StringComparison.Ordinal))
            .ToList();
        var buttons = Buttons(followUp);
        Assert.Equal(expected, buttons.Select(b => b.Title));
        Assert.All(buttons, b =>
        {
            Assert.Equal("needSuggestion", (string?)b.Data["action"]);
            Assert.Equal("ai", (string?)b.Data["source"]);
        });

        // On the wire: one request for needs (and one for the goal's hints), with the key, the plan's text masked, no name in any.
        var request = Assert.Single(fake.Requests, IsNeedsRequest);
        Assert.Equal(FakeAzureOpenAI.ApiKey, request.ApiKeyHeader);
        Assert.Contains("«LEERLING_1»", request.AllText, StringComparison.Ordinal);
        Assert.Contains("«NAAM_", request.AllText, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => AssertNoNames(r.AllText));

        // Picked and accepted: the need is in the plan as the AI wrote it, marked as AI text.
        var review = await chat.SendAsync(buttons[1].Data);
        Assert.Contains(review, a => CardTexts(a).Contains(teacher.Text("need_review", ("need", expected[1]))));
        var accepted = await chat.SendAsync("ja");
        Assert.Contains(accepted, a => Text(a) == teacher.Text("need_accepted"));

        var need = Assert.Single((await PlanAsync(app, chat.ConversationId)).ActionPart.Needs);
        Assert.Equal(expected[1], need.Text);
        Assert.Equal(TextOrigin.Ai, need.Source.Origin);
        Assert.Equal(NeedKind.Educational, need.Kind);
        Assert.Equal("instruction", need.Category);
        Assert.DoesNotContain(app.Logs, line => line.Contains(Pupil, StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string> Failures => ["status 500", "timeout"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task When_the_AI_fails_the_follow_up_says_so_and_the_teacher_finishes_the_sentence_and_the_draft_herself(string failure)
    {
        await using var fake = await FakeAzureOpenAI.StartAsync(Ct);
        fake.DefaultReply = failure == "timeout"
            ? new FakeReply(CannedSuggestions, Delay: TimeSpan.FromSeconds(30))
            : new FakeReply(Status: 500);
        var settings = AiSettings(fake);
        settings["AiDrafting:TimeoutSeconds"] = "1";
        await using var app = new OppAssistantApplication(settings);
        using var client = app.CreateClient();
        var teacher = app.Services.GetRequiredService<DialogCatalog>().Teacher;
        var chat = await Chat.StartAsync(client);
        var categories = await WalkToTheNeedsAsync(chat);

        var mark = chat.Mark;
        var turn = await chat.SendAsync(CategoryValue(categories, "instruction"));
        Assert.Contains(turn, a => Text(a) == teacher.Text("ai_writing"));

        var followUp = await chat.WaitForAsync(mark, a => ReplyTo(a) is null);
        Assert.Equal(teacher.Text("ai_failed"), Text(followUp));
        Assert.NotEmpty(fake.Requests);
        Assert.All(fake.Requests, r => AssertNoNames(r.AllText));

        // She finishes the sentence herself and goes on through the needs to the end of the plan.
        var review = await chat.SendAsync("kort is en in kleine stappen gaat");
        Assert.Contains(review, a => CardTexts(a).Any(t => t.StartsWith(teacher.Text("need_review").Split("{need}")[0], StringComparison.Ordinal)));
        Assert.Contains(await chat.SendAsync("ja"), a => Text(a) == teacher.Text("need_accepted"));
        foreach (var kind in (string[])["klaar", "klaar", "klaar"])
        {
            await chat.SendAsync(kind);
        }
        var afterNeeds = await chat.SendAsync("klaar");
        Assert.Contains(afterNeeds, a => Text(a) == teacher.Text("need_done"));
        Assert.Contains(afterNeeds, a => Text(a)?.Contains(teacher.Question("action_support").Ask, StringComparison.Ordinal) == true);
        // Only the one category asked the AI for needs, and only once.
        Assert.Single(fake.Requests, IsNeedsRequest);
        Assert.Single(chat.Since(mark), a => Role(a) == "bot" && ReplyTo(a) is null);

        foreach (var answer in (string[])[
            "Vier keer per week een kwartier extra rekeninstructie aan de instructietafel.",
            "juf Anja", "geeft Noor verlengde instructie bij rekenen", "elke ochtend na de kleine pauze", "aan de instructietafel", "nee",
            "1-7-2027", "nee",
        ])
        {
            await chat.SendAsync(answer);
        }
        // The pupil was heard outside the chat: she says how, then confirms the summary.
        var guard = await chat.SendAsync("klopt");
        Assert.Contains(guard, a => Text(a) == teacher.Text("guard_pupil_voice"));
        await chat.SendAsync("Noor is gehoord in een gesprek met de leraar.");
        var done = await chat.SendAsync("klopt");
        var finished = teacher.Text("done").Split("{code}")[0];
        Assert.True(done.Any(a => Text(a)?.StartsWith(finished, StringComparison.Ordinal) == true), "Not the end of the plan: " + Shown(done));

        var plan = await PlanAsync(app, chat.ConversationId);
        var need = Assert.Single(plan.ActionPart.Needs);
        Assert.Equal(TextOrigin.Template, need.Source.Origin);
        Assert.Equal(TextOrigin.Person, need.Completion?.Source.Origin);
        Assert.Equal("kort is en in kleine stappen gaat", need.Completion?.Text);
        Assert.Equal("juf Anja", Assert.Single(plan.ActionPart.Agreements).Who?.Text);
    }

    [Fact]
    public async Task With_AI_off_choosing_a_category_neither_announces_nor_sends_anything()
    {
        // Started, but not configured: it must stay untouched.
        await using var fake = await FakeAzureOpenAI.StartAsync(Ct);
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var teacher = app.Services.GetRequiredService<DialogCatalog>().Teacher;
        var chat = await Chat.StartAsync(client);
        var categories = await WalkToTheNeedsAsync(chat);

        var mark = chat.Mark;
        var turn = await chat.SendAsync(CategoryValue(categories, "instruction"));
        Assert.DoesNotContain(turn, a => Text(a) == teacher.Text("ai_writing"));
        Assert.Contains(turn, a => Text(a)?.StartsWith(teacher.Text("need_complete").Split("{start}")[0], StringComparison.Ordinal) == true);

        // Two more turns, in the order the log keeps: a follow-up would have been logged between them.
        Assert.Contains(await chat.SendAsync("kort is en in kleine stappen gaat"), a => CardTexts(a).Count > 0);
        Assert.Contains(await chat.SendAsync("ja"), a => Text(a) == teacher.Text("need_accepted"));
        Assert.All(chat.Since(mark).Where(a => Role(a) == "bot"), a => Assert.NotNull(ReplyTo(a)));
        Assert.DoesNotContain(chat.Since(mark), a => Text(a) == teacher.Text("ai_failed") || CardTexts(a).Contains(teacher.Text("ai_suggestions")));
        Assert.DoesNotContain(app.Logs, line => line.Contains("Follow-up", StringComparison.Ordinal));
        Assert.Empty(fake.Requests);
        Assert.Equal(TextOrigin.Person, Assert.Single((await PlanAsync(app, chat.ConversationId)).ActionPart.Needs).Completion?.Source.Origin);
    }

    [Fact]
    public async Task In_Teams_the_AI_answer_takes_the_place_of_the_placeholder_message()
    {
        await using var ai = await FakeAzureOpenAI.StartAsync(Ct);
        ai.Enqueue(new FakeReply("- Noem een datum.\n"));
        ai.Enqueue(new FakeReply(CannedSuggestions));
        await using var connector = await OppAssistant.Testing.FakeBotServices.StartAsync(Ct);
        await using var app = new OppAssistantApplication(AiSettings(ai));
        using var client = app.CreateClient();
        var teacher = app.Services.GetRequiredService<DialogCatalog>().Teacher;
        const string conversation = "teams-ai-placeholder";
        foreach (var answer in ToTheNeeds)
        {
            using var answered = await ApiMessagesTestHost.PostAsync(client, ApiMessagesTestHost.Message(conversation, answer, connector.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
        await WaitUntilAsync(() => ai.Requests.Count >= 1);

        var category = ApiMessagesTestHost.Activity("message", conversation, connector.ServiceUrl);
        category["value"] = new JsonObject { ["action"] = "needCategory", ["category"] = "instruction" };
        using var chosen = await ApiMessagesTestHost.PostAsync(client, category);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);

        // The fake connector gives the k-th message it receives the id "reply-k".
        var sent = connector.ConnectorRequests.ToArray();
        var placeholderIndex = Array.FindLastIndex(sent, r => r.Method == "POST" && (string?)r.Json?["text"] == teacher.Text("ai_writing"));
        Assert.True(placeholderIndex >= 0, "The placeholder was not sent.");
        var placeholderId = $"reply-{placeholderIndex + 1}";
        await WaitUntilAsync(() => connector.ConnectorRequests.Any(r => r.Method == "PUT"));
        var update = Assert.Single(connector.ConnectorRequests, r => r.Method == "PUT");
        Assert.EndsWith("/activities/" + placeholderId, update.RawTarget, StringComparison.Ordinal);
        Assert.Contains(teacher.Text("ai_suggestions"), update.Body, StringComparison.Ordinal);
        Assert.Contains("Noor", update.Body, StringComparison.Ordinal);
        Assert.All(ai.Requests, r => AssertNoNames(r.AllText));
    }

    private static Dictionary<string, string?> AiSettings(FakeAzureOpenAI fake) => new()
    {
        ["AiDrafting:Enabled"] = "true",
        ["AiDrafting:ApiStyle"] = "AzureDeployment",
        ["AiDrafting:Endpoint"] = fake.BaseAddress.ToString(),
        ["AiDrafting:Deployment"] = "gpt-4o-mini",
        ["AiDrafting:ApiKey"] = FakeAzureOpenAI.ApiKey,
    };

    /// <summary>Answers up to the needs step; returns the category card's buttons.</summary>
    private static async Task<List<(string Title, JsonObject Data)>> WalkToTheNeedsAsync(Chat chat)
    {
        List<JsonObject> replies = [];
        foreach (var answer in ToTheNeeds)
        {
            replies = await chat.SendAsync(answer);
        }
        var card = replies.LastOrDefault(a => Buttons(a).Any(b => (string?)b.Data["action"] == "needCategory"));
        Assert.True(card is not null, "The walk did not reach the needs step; its last replies were: " + Shown(replies));
        return Buttons(card);
    }

    /// <summary>A request of the SuggestNeeds prompt (the goal's SMART hints are another prompt).</summary>
    private static bool IsNeedsRequest(RecordedRequest request) => request.AllText.Contains("Je doet alleen voorstellen", StringComparison.Ordinal);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < FollowUpDeadline, "The AI was not asked in time.");
            await Task.Delay(20, Ct);
        }
    }

    private static JsonObject CategoryValue(List<(string Title, JsonObject Data)> categories, string key) =>
        categories.Single(b => (string?)b.Data["action"] == "needCategory" && (string?)b.Data["category"] == key).Data;

    /// <summary>Neither the pupil nor anyone else the plan names, in the raw body or in any decoded string of it.</summary>
    private static void AssertNoNames(string sent)
    {
        foreach (var name in OtherNames.Prepend(Pupil))
        {
            Assert.False(sent.Contains(name, StringComparison.OrdinalIgnoreCase), $"A request to the AI holds the name '{name}'.");
        }
    }

    private static async Task<OppDocument> PlanAsync(OppAssistantApplication app, string conversationId)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var state = await store.GetAsync(TurnPipeline.Collection, new ConversationKey("webchat", conversationId).Value, Ct);
        Assert.NotNull(state);
        var planId = (string?)JsonNode.Parse(state.Body.Span)?["teacher"]?["oppId"];
        Assert.NotNull(planId);
        var plan = await app.Services.GetRequiredService<OppRepository>().GetAsync(new TurnDocuments(store), planId, Ct);
        Assert.NotNull(plan);
        return plan;
    }

    private static string? Text(JsonObject activity) => (string?)activity["text"];

    /// <summary>What the activities show, for an assertion's failure message only.</summary>
    private static string Shown(IEnumerable<JsonObject> activities) =>
        string.Join(" | ", activities.Select(a => $"{a["type"]}: {Text(a) ?? string.Join(" / ", CardTexts(a))}"));

    private static string? ReplyTo(JsonObject activity) => (string?)activity["replyToId"];

    private static string? Role(JsonObject activity) => (string?)activity["from"]?["role"];

    private static IEnumerable<JsonObject> Cards(JsonObject activity) =>
        activity["attachments"]?.AsArray().Select(a => a?["content"]).OfType<JsonObject>() ?? [];

    private static List<string> CardTexts(JsonObject activity) =>
        Cards(activity).SelectMany(c => c["body"]?.AsArray() ?? []).Select(b => (string?)b?["text"]).OfType<string>().ToList();

    private static List<(string Title, JsonObject Data)> Buttons(JsonObject activity) =>
        Cards(activity).SelectMany(c => c["actions"]?.AsArray() ?? [])
            .Where(a => a?["data"] is JsonObject)
            .Select(a => ((string?)a!["title"] ?? "", (JsonObject)a["data"]!.DeepClone()))
            .ToList();

    /// <summary>One Direct Line conversation as Web Chat holds it: a token, and a watermark into the activity log.</summary>
    private sealed class Chat(HttpClient client, string conversationId, string token)
    {
        private readonly List<JsonObject> log = [];
        private string watermark = "";

        public string ConversationId => conversationId;

        /// <summary>How much of the log has been read; a later <see cref="Since"/> or <see cref="WaitForAsync"/> starts there.</summary>
        public int Mark => log.Count;

        /// <summary>Every activity read since the mark.</summary>
        public IReadOnlyList<JsonObject> Since(int mark) => log[mark..];

        public static async Task<Chat> StartAsync(HttpClient client)
        {
            using var generated = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
            var grant = await JsonAsync(generated);
            var chat = new Chat(client, (string)grant["conversationId"]!, (string)grant["token"]!);
            using var started = await chat.SendRequestAsync(HttpMethod.Post, $"{Base}/conversations");
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            await chat.ReadNewAsync();
            return chat;
        }

        /// <summary>Posts a typed message; returns the bot's replies to it.</summary>
        public Task<List<JsonObject>> SendAsync(string text) => PostAsync(new JsonObject { ["type"] = "message", ["text"] = text });

        /// <summary>Posts a card's submit data, as Web Chat does; returns the bot's replies to it.</summary>
        public Task<List<JsonObject>> SendAsync(JsonObject value) => PostAsync(new JsonObject { ["type"] = "message", ["value"] = value.DeepClone() });

        /// <summary>Reads what was logged since the last read (by watermark) into the log; returns it.</summary>
        public async Task<List<JsonObject>> ReadNewAsync()
        {
            using var response = await SendRequestAsync(HttpMethod.Get, $"{Base}/conversations/{conversationId}/activities?watermark={watermark}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var set = await JsonAsync(response);
            watermark = (string)set["watermark"]!;
            var fresh = set["activities"]!.AsArray().OfType<JsonObject>().ToList();
            log.AddRange(fresh);
            return fresh;
        }

        /// <summary>The first bot activity since the mark that matches, polling the log until a deadline.</summary>
        public async Task<JsonObject> WaitForAsync(int mark, Func<JsonObject, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (log.Skip(mark).FirstOrDefault(a => Role(a) == "bot" && match(a)) is { } found)
                {
                    return found;
                }
                if (deadline.Elapsed > FollowUpDeadline)
                {
                    Assert.Fail($"No matching bot message arrived within {FollowUpDeadline.TotalSeconds:0} s; since the mark: " + Shown(Since(mark)));
                }
                await Task.Delay(20, Ct);
                await ReadNewAsync();
            }
        }

        private async Task<List<JsonObject>> PostAsync(JsonObject activity)
        {
            using var posted = await SendRequestAsync(HttpMethod.Post, $"{Base}/conversations/{conversationId}/activities",
                new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var id = (string?)(await JsonAsync(posted))["id"];
            // The turn is logged before the POST returns: its echo and the replies to it.
            return (await ReadNewAsync()).Where(a => Role(a) == "bot" && ReplyTo(a) == id).ToList();
        }

        private async Task<HttpResponseMessage> SendRequestAsync(HttpMethod method, string url, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request, Ct);
        }

        private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
            JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
