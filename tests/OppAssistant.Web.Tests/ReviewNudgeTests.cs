using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Storage;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>
/// The review end to end through the real host and adapter (local mode, Direct Line, where a Web Chat user may act as
/// coordinator): the coordinator returns a plan from a card, and once that turn is stored the teacher's own
/// conversation is nudged and shows her notice by itself; the nudge's follow-up in the coordinator's conversation says
/// nothing.
/// </summary>
public sealed class ReviewNudgeTests
{
    private const string Base = "/v3/directline";
    private const string PlanId = "opp-sam";
    private const string Reason = "Graag meetbare doelen.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_return_from_the_coordinators_card_reaches_the_teachers_conversation_at_once()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();

        // The teacher chose her role: her conversation is the one the adapter remembers for her.
        var (teacherConversation, teacherToken) = await StartAsync(client);
        await PostAsync(client, teacherConversation, teacherToken, """{"type":"message","text":"leraar"}""");
        var (seen, teacherWatermark) = await ActivitiesAsync(client, teacherConversation, teacherToken, "");
        var teacherKey = "webchat:" + seen.First(a => a.GetProperty("from").GetProperty("role").GetString() == "user").GetProperty("from").GetProperty("id").GetString();
        await SeedInReviewAsync(app.Services, teacherKey);

        var (coordinatorConversation, coordinatorToken) = await StartAsync(client);
        await PostAsync(client, coordinatorConversation, coordinatorToken, """{"type":"message","text":"ib'er"}""");
        await PostAsync(client, coordinatorConversation, coordinatorToken, """{"type":"message","text":"1"}""");
        var (_, coordinatorWatermark) = await ActivitiesAsync(client, coordinatorConversation, coordinatorToken, "");
        await PostAsync(client, coordinatorConversation, coordinatorToken,
            $$$"""{"type":"message","value":{"action":"{{{CoordinatorFlow.CardAction}}}","do":"return","opp":"{{{PlanId}}}","reason":"{{{Reason}}}"}}""");

        var expected = dialogs.Review.Text("notice_returned", ("pupil", "Sam"), ("reason", Reason));
        var notice = await WaitForAsync(client, teacherConversation, teacherToken, teacherWatermark, a => a.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(dialogs.Review.Text("notice_returned_fix"), notice, StringComparison.Ordinal);

        var plans = app.Services.GetRequiredService<OppRepository>();
        var plan = await plans.GetAsync(new Core.Turns.TurnDocuments(app.Services.GetRequiredService<IDocumentStore>()), PlanId, Ct);
        Assert.Equal(OppStatus.Returned, plan!.Status);
        // The coordinator read that it went back, and nothing more came from the nudge's follow-up.
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        var (after, _) = await ActivitiesAsync(client, coordinatorConversation, coordinatorToken, coordinatorWatermark);
        var texts = after.Where(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.TryGetProperty("text", out _))
            .Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal([dialogs.Review.Text("returned", ("pupil", "Sam"))], texts);
    }

    /// <summary>A plan of hers in review (set straight, as after "indienen"): only the return's own guards matter here.</summary>
    private static Task SeedInReviewAsync(IServiceProvider services, string teacherKey) =>
        services.GetRequiredService<DocumentTransaction>().RunAsync(async (documents, ct) =>
        {
            var plans = services.GetRequiredService<OppRepository>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var plan = new OppDocument { Id = PlanId, OwnerKey = teacherKey, Pupil = new PupilProfile { Name = "Sam", GroupOrYear = "groep 5" } };
            plan.Lifecycle.State = OppStatus.InReview;
            await plans.SaveAsync(documents, plan, teacherKey, ct);
            await PlanRegister.UpdateAsync(documents, plan, now, ct);
            ReviewRecords.Put(documents, new ReviewRecord
            {
                OppId = PlanId,
                Rounds = [new ReviewRound { Number = 1, SubmittedAt = now, SubmittedBy = teacherKey, Snapshot = ReviewRecords.Snapshot(plan) }],
            });
            return true;
        }, Ct);

    private static async Task<string> WaitForAsync(HttpClient client, string conversationId, string token, string watermark, Func<string, bool> wanted)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < until)
        {
            var (activities, next) = await ActivitiesAsync(client, conversationId, token, watermark);
            watermark = next;
            if (activities.Select(a => a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "").FirstOrDefault(wanted) is { } found)
            {
                return found;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
        }
        Assert.Fail("The teacher's conversation did not show the notice.");
        return "";
    }

    private static async Task<(string ConversationId, string Token)> StartAsync(HttpClient client)
    {
        using var generated = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        using var body = JsonDocument.Parse(await generated.Content.ReadAsStringAsync(Ct));
        var (conversationId, token) = (body.RootElement.GetProperty("conversationId").GetString()!, body.RootElement.GetProperty("token").GetString()!);
        using var started = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (conversationId, token);
    }

    private static async Task PostAsync(HttpClient client, string conversationId, string token, string json)
    {
        using var response = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations/{conversationId}/activities", token, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(List<JsonElement> Activities, string Watermark)> ActivitiesAsync(HttpClient client, string conversationId, string token, string watermark)
    {
        using var response = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{conversationId}/activities?watermark={watermark}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.Clone()).ToList(), body.RootElement.GetProperty("watermark").GetString()!);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }
}
