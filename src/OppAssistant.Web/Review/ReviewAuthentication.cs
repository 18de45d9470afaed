using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OppAssistant.Core.Review;

namespace OppAssistant.Web.Review;

/// <summary>
/// Who may see the review page: a cookie of its own (path /review, HttpOnly, Secure over https, not sliding), signed in
/// either by a signed link from the chat or by Entra ID (OpenID Connect). The policy <see cref="Policy"/> asks each
/// request whether the user is a coordinator: a link user was one when the chat handed out the link; an Entra user is
/// asked of <see cref="ICoordinatorDirectory"/> every time, so removing someone takes effect at once.
/// </summary>
internal static class ReviewAuthentication
{
    public const string CookieScheme = "ReviewPage";
    public const string OpenIdConnectScheme = "ReviewPageEntra";
    public const string Policy = "ReviewCoordinator";
    public const string CookieName = "oppassistant-review";

    /// <summary>How the session was signed in: <see cref="ViaLink"/> or <see cref="ViaEntra"/>.</summary>
    public const string ViaClaim = "review_via";
    public const string ViaLink = "link";
    public const string ViaEntra = "entra";

    /// <summary>Entra's object id claim, unmapped (MapInboundClaims is off).</summary>
    public const string ObjectIdClaim = "oid";

    public static void AddReviewAuthentication(this IServiceCollection services, ReviewPageOptions configured)
    {
        var oidc = configured.OpenIdConnect;
        var authentication = services.AddAuthentication();
        authentication.AddCookie(CookieScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<ReviewPageOptions>, ReviewPages>((cookie, options, pages) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = ReviewPages.QueuePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Lax, not Strict: the link is clicked in Teams (another site), and a browser does not send a Strict cookie on
            // the redirect of a navigation that began elsewhere; Entra's callback is a cross-site POST too. Every POST
            // is guarded by antiforgery instead.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = options.Value.SessionLifetime;
            cookie.SlidingExpiration = false;
            if (options.Value.OpenIdConnect.Enabled)
            {
                cookie.ForwardChallenge = OpenIdConnectScheme;
            }
            cookie.Events.OnRedirectToLogin = context => WritePageAsync(context.HttpContext, StatusCodes.Status401Unauthorized, pages.Message("unauthorized_title", "unauthorized_text", linkToQueue: false));
            cookie.Events.OnRedirectToAccessDenied = context => WritePageAsync(context.HttpContext, StatusCodes.Status403Forbidden, pages.Message("forbidden_title", "forbidden_text", linkToQueue: false));
        });
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OpenIdConnectScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectScheme).Configure<IOptions<ReviewPageOptions>>((entra, options) =>
            {
                var settings = options.Value.OpenIdConnect;
                entra.Authority = settings.Authority;
                entra.ClientId = settings.ClientId;
                entra.ClientSecret = settings.ClientSecret;
                entra.CallbackPath = settings.CallbackPath;
                entra.SignInScheme = CookieScheme;
                entra.ResponseType = OpenIdConnectResponseType.Code;
                entra.UsePkce = true;
                entra.MapInboundClaims = false;
                entra.SaveTokens = false;
                entra.GetClaimsFromUserInfoEndpoint = false;
                entra.Scope.Clear();
                entra.Scope.Add("openid");
                entra.RequireHttpsMetadata = !new Uri(settings.Authority).IsLoopback;
                entra.Events.OnTokenValidated = context =>
                {
                    // Keep only what the page needs: the object id (as the user key) and how the session began.
                    var objectId = context.Principal?.FindFirst(ObjectIdClaim)?.Value;
                    if (string.IsNullOrEmpty(objectId))
                    {
                        context.Fail("no oid claim");
                        return Task.CompletedTask;
                    }
                    context.Principal = Principal("aad:" + objectId.ToLowerInvariant(), ViaEntra, objectId);
                    context.Properties!.IsPersistent = false;
                    return Task.CompletedTask;
                };
                entra.Events.OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    return WritePageAsync(context.HttpContext, StatusCodes.Status401Unauthorized, PagesOf(context.HttpContext).Message("unauthorized_title", "unauthorized_text", linkToQueue: false));
                };
            });
        }
        services.AddSingleton<IAuthorizationHandler, CoordinatorHandler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new CoordinatorRequirement()));

        static ReviewPages PagesOf(HttpContext context) => context.RequestServices.GetRequiredService<ReviewPages>();
    }

    /// <summary>The session's identity: the user key as name identifier, nothing else about the person.</summary>
    public static ClaimsPrincipal Principal(string userKey, string via, string? objectId = null)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, userKey), new(ViaClaim, via)];
        if (objectId is not null)
        {
            claims.Add(new Claim(ObjectIdClaim, objectId));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme, ClaimTypes.NameIdentifier, null));
    }

    /// <summary>The signed-in coordinator's user key.</summary>
    public static string UserKey(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? throw new InvalidOperationException("The review session has no user key.");

    public static async Task WritePageAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        ReviewEndpoints.PageHeaders(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private sealed class CoordinatorRequirement : IAuthorizationRequirement;

    /// <summary>A link session needs no more (the chat gave the link to a coordinator); an Entra session must be a coordinator now.</summary>
    private sealed class CoordinatorHandler(ICoordinatorDirectory directory, IOptions<ReviewPageOptions> options) : AuthorizationHandler<CoordinatorRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CoordinatorRequirement requirement)
        {
            var via = context.User.FindFirst(ViaClaim)?.Value;
            var entra = options.Value.OpenIdConnect.Enabled;
            if (!entra && via == ViaLink)
            {
                context.Succeed(requirement);
                return;
            }
            if (entra && via == ViaEntra && context.User.FindFirst(ObjectIdClaim)?.Value is { Length: > 0 } objectId)
            {
                var aborted = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
                if (await directory.IsCoordinatorAsync(objectId, aborted).ConfigureAwait(false))
                {
                    context.Succeed(requirement);
                }
            }
        }
    }
}
