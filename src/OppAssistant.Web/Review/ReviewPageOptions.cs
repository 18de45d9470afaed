using Microsoft.Extensions.Options;
using OppAssistant.Core;

namespace OppAssistant.Web.Review;

/// <summary>
/// The coordinator's review page (section <c>ReviewPage</c>). Without <see cref="OpenIdConnect"/> the chat hands out
/// signed, expiring links; with it the coordinator signs in with Entra ID and the chat hands out plain addresses.
/// </summary>
public sealed class ReviewPageOptions
{
    public const string SectionName = "ReviewPage";

    /// <summary>
    /// The address of this service as browsers reach it, for the links the chat hands out. Empty means the origin of
    /// Content:WebChatUrl, which is right when the chat page is this service's own page; set it when a school website
    /// embeds the chat.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long a signed link opens the page; after that the coordinator asks the chat for a new one.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the page stays signed in after a link or an Entra sign-in (not sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public ReviewOpenIdConnectOptions OpenIdConnect { get; set; } = new();

    /// <summary>The base of the links: <see cref="PublicBaseUrl"/> or the origin of the chat page, without a trailing slash.</summary>
    public string ResolvedBaseUrl(ContentOptions content) =>
        (string.IsNullOrWhiteSpace(PublicBaseUrl) ? new Uri(content.WebChatUrl).GetLeftPart(UriPartial.Authority) : PublicBaseUrl).TrimEnd('/');
}

/// <summary>Sign-in with Entra ID (OpenID Connect, authorization code flow); off while <see cref="Authority"/> is empty.</summary>
public sealed class ReviewOpenIdConnectOptions
{
    /// <summary>e.g. https://login.microsoftonline.com/{tenant id}/v2.0; empty: signed links instead.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The app registration's client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The app registration's client secret: only from user-secrets or the environment (ReviewPage__OpenIdConnect__ClientSecret).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The redirect URI's path, registered with the app registration.</summary>
    public string CallbackPath { get; set; } = "/review/signin-oidc";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

internal sealed class ReviewPageOptionsValidator : IValidateOptions<ReviewPageOptions>
{
    private static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ReviewPageOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http") || baseUrl.Query.Length > 0))
        {
            errors.Add($"ReviewPage:PublicBaseUrl: '{options.PublicBaseUrl}' is not an http(s) address without a query.");
        }
        if (options.LinkLifetime <= TimeSpan.Zero || options.LinkLifetime > MaxLinkLifetime)
        {
            errors.Add($"ReviewPage:LinkLifetime must be more than zero and at most {MaxLinkLifetime}.");
        }
        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > MaxSessionLifetime)
        {
            errors.Add($"ReviewPage:SessionLifetime must be more than zero and at most {MaxSessionLifetime}.");
        }
        var oidc = options.OpenIdConnect;
        if (oidc.Enabled)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || !(authority.Scheme == "https" || (authority.Scheme == "http" && authority.IsLoopback)))
            {
                errors.Add($"ReviewPage:OpenIdConnect:Authority: '{oidc.Authority}' is not an https address.");
            }
            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                errors.Add("ReviewPage:OpenIdConnect:ClientId is required with an Authority.");
            }
            if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
            {
                errors.Add("ReviewPage:OpenIdConnect:ClientSecret is required with an Authority (user-secrets or the environment variable ReviewPage__OpenIdConnect__ClientSecret).");
            }
        }
        if (!oidc.CallbackPath.StartsWith('/') || oidc.CallbackPath.Contains('?', StringComparison.Ordinal))
        {
            errors.Add($"ReviewPage:OpenIdConnect:CallbackPath: '{oidc.CallbackPath}' must be a path starting with '/'.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
