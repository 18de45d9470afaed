using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Turns;
using OppAssistant.Web.Tests.Fakes;

namespace OppAssistant.Web.Tests.Review;

/// <summary>
/// The web host with the review page, fakes for the coordinator directory and the proactive turns, and plans made
/// through the real services (OppRepository, ReviewService) against the host's own store.
/// </summary>
internal sealed partial class ReviewHost : IAsyncDisposable
{
    public const string Teacher = "teacher-1";
    public const string Coordinator = "coordinator-1";
    public const string PublicBaseUrl = "https://review.school.example";

    public ReviewHost(IDictionary<string, string?>? settings = null, ICoordinatorDirectory? coordinators = null)
    {
        var all = new Dictionary<string, string?> { ["ReviewPage:PublicBaseUrl"] = PublicBaseUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        App = new OppAssistantApplication(all, services =>
        {
            services.RemoveAll<IProactiveTurns>();
            services.AddSingleton<IProactiveTurns>(Proactive);
            services.RemoveAll<ICoordinatorDirectory>();
            services.AddSingleton(coordinators ?? new FakeCoordinators());
        });
    }

    public OppAssistantApplication App { get; }

    public RecordingProactiveTurns Proactive { get; } = new();

    public IServiceProvider Services => App.Services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OppRepository Plans => Services.GetRequiredService<OppRepository>();

    private DocumentTransaction Transaction => Services.GetRequiredService<DocumentTransaction>();

    /// <summary>A browser: https (so Secure cookies travel), cookies kept, redirects not followed.</summary>
    public HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = true,
    });

    /// <summary>The complete test plan (Fenna), with a fresh id, stored for the teacher; <paramref name="change"/> spoils it first.</summary>
    public async Task<OppDocument> StoreAsync(Action<OppDocument>? change = null)
    {
        var plan = DraftPlans.Complete();
        plan.Id = Plans.NewDocumentId();
        plan.OwnerKey = Teacher;
        change?.Invoke(plan);
        await Transaction.RunAsync(async (documents, ct) =>
        {
            await Plans.SaveAsync(documents, plan, Teacher, ct);
            return true;
        }, Ct);
        return plan;
    }

    /// <summary>The teacher offers the plan for review (again).</summary>
    public async Task SubmitAsync(string oppId)
    {
        var result = await Transaction.RunAsync((documents, ct) => Services.GetRequiredService<ReviewService>().SubmitAsync(documents, oppId, Teacher, ct), Ct);
        Assert.True(result.IsOk, string.Join(" ", (result as LifecycleResult.Refused)?.Reasons ?? []));
    }

    public async Task<OppDocument> StoreInReviewAsync(Action<OppDocument>? change = null)
    {
        var plan = await StoreAsync(change);
        await SubmitAsync(plan.Id);
        return plan;
    }

    /// <summary>The teacher edits the stored plan.</summary>
    public Task EditAsync(string oppId, Action<OppDocument> change) => Transaction.RunAsync(async (documents, ct) =>
    {
        var plan = (await Plans.GetAsync(documents, oppId, ct))!;
        change(plan);
        await Plans.SaveAsync(documents, plan, Teacher, ct);
        return true;
    }, Ct);

    public Task<OppDocument?> GetAsync(string oppId) => Transaction.RunAsync((documents, ct) => Plans.GetAsync(documents, oppId, ct), Ct);

    public Task<ReviewRecord> RecordAsync(string oppId) => Transaction.RunAsync((documents, ct) => ReviewRecords.GetAsync(documents, oppId, ct), Ct);

    /// <summary>The link the chat would hand the coordinator, as a path and query on this host.</summary>
    public string LinkFor(string oppId)
    {
        var link = Services.GetRequiredService<IReviewLinks>().LinkFor(oppId, Coordinator);
        Assert.NotNull(link);
        Assert.StartsWith(PublicBaseUrl + "/review/open?t=", link, StringComparison.Ordinal);
        return new Uri(link).PathAndQuery;
    }

    /// <summary>A browser signed in through the plan's link.</summary>
    public async Task<HttpClient> SignedInAsync(string oppId)
    {
        var browser = Browser();
        using var response = await browser.GetAsync(LinkFor(oppId), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return browser;
    }

    public static async Task<string> PageAsync(HttpClient browser, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await browser.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {html}");
        return html;
    }

    /// <summary>The antiforgery token of the page's forms.</summary>
    public static string Token(string html) => TokenPattern().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no antiforgery field.");

    public static Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, string? token, params (string Name, string Value)[] fields)
    {
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            pairs.Add(new("__RequestVerificationToken", token));
        }
        return browser.PostAsync(path, new FormUrlEncodedContent(pairs), Ct);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
