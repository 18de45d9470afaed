using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OppAssistant.Core;
using OppAssistant.Core.Review;

namespace OppAssistant.Web.Review;

/// <summary>What a signed link vouches for: this coordinator may open this plan's review page.</summary>
internal sealed record ReviewLinkPayload(string OppId, string CoordinatorKey);

/// <summary>
/// The review page's links. Without OpenID Connect: <c>{base}/review/open?t=…</c>, where t is a Data Protection
/// payload (purpose <see cref="Purpose"/>, so no other protected value of the service is accepted here) holding the
/// coordinator's key and the plan id, valid for <see cref="ReviewPageOptions.LinkLifetime"/>. With OpenID Connect the
/// plain address of the plan's page: the coordinator signs in there.
/// </summary>
internal sealed class SignedReviewLinks(
    IDataProtectionProvider protection, IOptions<ReviewPageOptions> options, IOptions<ContentOptions> content, TimeProvider time) : IReviewLinks
{
    public const string Purpose = "OppAssistant.Web.Review.SignedLink.v1";
    public const string OpenPath = "/review/open";
    public const string TokenParameter = "t";

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string? LinkFor(string oppId, string coordinatorKey)
    {
        var baseUrl = options.Value.ResolvedBaseUrl(content.Value);
        if (options.Value.OpenIdConnect.Enabled)
        {
            return $"{baseUrl}{ReviewPages.PlanPath(oppId)}";
        }
        var token = Protect(new ReviewLinkPayload(oppId, coordinatorKey), time.GetUtcNow() + options.Value.LinkLifetime);
        return $"{baseUrl}{OpenPath}?{TokenParameter}={Uri.EscapeDataString(token)}";
    }

    /// <summary>The token for <paramref name="payload"/>, valid until <paramref name="expires"/> (tests make expired ones).</summary>
    internal string Protect(ReviewLinkPayload payload, DateTimeOffset expires) =>
        protector.Protect(JsonSerializer.Serialize(payload, ReviewJson.Default.ReviewLinkPayload), expires);

    /// <summary>The payload of a valid token; null for an expired, tampered or foreign one (the reason is not told).</summary>
    public ReviewLinkPayload? Unprotect(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }
        try
        {
            var payload = JsonSerializer.Deserialize(protector.Unprotect(token, out _), ReviewJson.Default.ReviewLinkPayload);
            return payload is { OppId.Length: > 0, CoordinatorKey.Length: > 0 } ? payload : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
