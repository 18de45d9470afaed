using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Review;
using OppAssistant.Web.Review;
using OppAssistant.Web.Tests.Fakes;

namespace OppAssistant.Web.Tests.Review;

/// <summary>The review page with Entra ID (OpenID Connect) against a fake authority on 127.0.0.1, and its options.</summary>
public sealed class ReviewSignInTests
{
    private const string ClientId = "review-client";
    private const string CoordinatorObjectId = "6f1c2d3e-0000-4000-8000-00000000c0de";
    private const string TeacherObjectId = "6f1c2d3e-0000-4000-8000-0000000000aa";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Entra(FakeEntraAuthority authority) => new()
    {
        ["ReviewPage:OpenIdConnect:Authority"] = authority.BaseUrl,
        ["ReviewPage:OpenIdConnect:ClientId"] = ClientId,
        ["ReviewPage:OpenIdConnect:ClientSecret"] = "test-secret",
    };

    [Fact]
    public async Task With_OpenIdConnect_an_unauthenticated_visit_is_sent_to_the_authority_and_links_are_plain_addresses()
    {
        await using var authority = await FakeEntraAuthority.StartAsync(Ct);
        await using var host = new ReviewHost(Entra(authority), new FakeCoordinators(CoordinatorObjectId));
        var plan = await host.StoreInReviewAsync();
        using var browser = host.Browser();

        using var response = await browser.GetAsync($"/review/{plan.Id}", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(authority.AuthorizeEndpoint + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("https://localhost/review/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());

        Assert.Equal($"{ReviewHost.PublicBaseUrl}/review/{plan.Id}", host.Services.GetRequiredService<IReviewLinks>().LinkFor(plan.Id, ReviewHost.Coordinator));
        // No signed links with Entra: /review/open is no way in.
        using var open = await host.Browser().GetAsync("/review/open?t=anything", Ct);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
    }

    [Fact]
    public async Task An_Entra_user_sees_the_page_only_when_the_directory_names_her_coordinator()
    {
        await using var authority = await FakeEntraAuthority.StartAsync(Ct);
        await using var host = new ReviewHost(Entra(authority), new FakeCoordinators(CoordinatorObjectId));
        var plan = await host.StoreInReviewAsync();

        using var coordinator = await SignInAsync(host, authority, plan.Id, CoordinatorObjectId, "code-1");
        var html = await ReviewHost.PageAsync(coordinator, $"/review/{plan.Id}");
        Assert.Contains(HtmlWriter.Encode(host.Services.GetRequiredService<DialogCatalog>().ReviewPage.Text("plan_heading", ("name", "Fenna"))), html, StringComparison.Ordinal);
        Assert.Equal("test-secret", authority.TokenForms.First()["client_secret"]);

        // Her decision is taken with her Entra user key.
        using (var approved = await ReviewHost.PostAsync(coordinator, $"/review/{plan.Id}/approve", ReviewHost.Token(html)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }
        Assert.Equal("aad:" + CoordinatorObjectId, (await host.RecordAsync(plan.Id)).Current!.Decision!.ByKey);

        using var teacher = await SignInAsync(host, authority, plan.Id, TeacherObjectId, "code-2");
        var refused = await ReviewHost.PageAsync(teacher, $"/review/{plan.Id}", HttpStatusCode.Forbidden);
        Assert.Contains(HtmlWriter.Encode(host.Services.GetRequiredService<DialogCatalog>().ReviewPage.Text("forbidden_text")), refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Fenna", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_base_url_links_start_at_the_origin_of_the_chat_page()
    {
        await using var host = new ReviewHost(new Dictionary<string, string?>
        {
            ["ReviewPage:PublicBaseUrl"] = "",
            ["Content:WebChatUrl"] = "https://chat.school.example/opp/chat",
        });

        var link = host.Services.GetRequiredService<IReviewLinks>().LinkFor("plan-1", ReviewHost.Coordinator);

        Assert.StartsWith("https://chat.school.example/review/open?t=", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_that_cannot_work_stop_the_start()
    {
        foreach (var (key, value) in new[] { ("ReviewPage:LinkLifetime", "00:00:00"), ("ReviewPage:PublicBaseUrl", "review.school.example"), ("ReviewPage:OpenIdConnect:Authority", "https://login.example/tenant/v2.0") })
        {
            await using var host = new ReviewHost(new Dictionary<string, string?> { [key] = value });
            var error = Assert.ThrowsAny<Exception>(() => host.Services);
            Assert.Contains(key.Split(':')[^1], error.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>The authorization code flow as a browser runs it: to the authority, back to the callback with a code, on to the page.</summary>
    private static async Task<HttpClient> SignInAsync(ReviewHost host, FakeEntraAuthority authority, string oppId, string objectId, string code)
    {
        var browser = host.Browser();
        using var challenge = await browser.GetAsync($"/review/{oppId}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        authority.IssueFor(code, ClientId, query["nonce"].ToString(), objectId);

        using var callback = await browser.PostAsync("/review/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["state"] = query["state"].ToString(),
        }), Ct);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"{callback.StatusCode}: {await callback.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal($"/review/{oppId}", callback.Headers.Location?.OriginalString);
        return browser;
    }
}
