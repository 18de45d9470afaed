using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Protocol;

namespace OppAssistant.BotFramework.Auth;

public enum BotAuthStatus
{
    Authenticated,

    /// <summary>No usable token: missing, malformed, bad signature, wrong issuer or audience, expired. HTTP 401.</summary>
    Unauthorized,

    /// <summary>A valid token that does not cover this activity: channel not endorsed, spoofed serviceUrl. HTTP 403.</summary>
    Forbidden,

    /// <summary>The signing keys could not be fetched. HTTP 503.</summary>
    Unavailable,
}

/// <summary>The outcome and a short reason code for the log (never the token or anything from it).</summary>
public readonly record struct BotAuthResult(BotAuthStatus Status, string Reason)
{
    public bool IsAuthenticated => Status == BotAuthStatus.Authenticated;
}

/// <summary>
/// Checks the bearer token on /api/messages as the Bot Connector authentication spec asks: RS256 signature by a
/// key from the issuer's OpenID metadata, issuer, audience = app id, lifetime with 5 minutes skew, the signing
/// key's channel endorsements, and the <c>serviceurl</c> claim against the activity.
/// </summary>
public sealed class BotTokenValidator : IDisposable
{
    public const string BotConnectorIssuer = "https://api.botframework.com";
    public const string ServiceUrlClaim = "serviceurl";
    private const string BearerPrefix = "Bearer ";

    private readonly JsonWebTokenHandler handler = new();
    private readonly HttpClient metadataClient;
    private readonly SigningMetadata botConnector;
    private readonly SigningMetadata? entra;
    private readonly string[] entraIssuers;
    private readonly string? appId;
    private readonly TrustedServiceUrls trustedServiceUrls;
    private readonly TimeProvider time;

    public BotTokenValidator(IOptions<BotAppOptions> app, IOptions<BotConnectorOptions> options, TrustedServiceUrls trustedServiceUrls, TimeProvider time)
    {
        var appOptions = app.Value;
        var connectorOptions = options.Value;
        appId = appOptions.MicrosoftAppId;
        this.trustedServiceUrls = trustedServiceUrls;
        this.time = time;
        // Long-lived client for a singleton: pooled connections are recycled so DNS changes are picked up.
        metadataClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var retriever = new HttpDocumentRetriever(metadataClient) { RequireHttps = connectorOptions.RequireHttpsMetadata };
        botConnector = new SigningMetadata(connectorOptions.OpenIdMetadataUrl, retriever, time);
        if (appOptions.IsSingleTenant)
        {
            var tenant = appOptions.MicrosoftAppTenantId;
            entra = new SigningMetadata(connectorOptions.EntraOpenIdMetadataUrl, retriever, time);
            entraIssuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
        }
        else
        {
            entraIssuers = [];
        }
    }

    public async Task<BotAuthResult> ValidateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Unauthorized("missing-token");
        }
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("not-a-bearer-token");
        }
        var token = authorization[BearerPrefix.Length..].Trim();
        if (!handler.CanReadToken(token))
        {
            return Unauthorized("malformed-token");
        }
        JsonWebToken unverified;
        try
        {
            unverified = handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return Unauthorized("malformed-token");
        }

        // The unverified issuer only picks the metadata; validation below checks it again against the same list.
        var (source, issuers, endorsementsApply) = unverified.Issuer switch
        {
            BotConnectorIssuer => (botConnector, new[] { BotConnectorIssuer }, true),
            var issuer when entra is not null && entraIssuers.Contains(issuer, StringComparer.Ordinal) => (entra, entraIssuers, false),
            _ => ((SigningMetadata?)null, Array.Empty<string>(), false),
        };
        if (source is null)
        {
            return Unauthorized("untrusted-issuer");
        }

        OpenIdConnectConfiguration configuration;
        TokenValidationResult result;
        try
        {
            configuration = await source.GetAsync(cancellationToken).ConfigureAwait(false);
            result = await handler.ValidateTokenAsync(token, Parameters(configuration, issuers)).ConfigureAwait(false);
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await source.RefreshAsync(cancellationToken).ConfigureAwait(false))
            {
                configuration = await source.GetAsync(cancellationToken).ConfigureAwait(false);
                result = await handler.ValidateTokenAsync(token, Parameters(configuration, issuers)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            return new BotAuthResult(BotAuthStatus.Unavailable, "signing-keys-unavailable");
        }
        if (!result.IsValid)
        {
            return Unauthorized(ReasonOf(result.Exception));
        }

        if (endorsementsApply && !IsEndorsed(configuration, unverified, activity.ChannelId))
        {
            return Forbidden("channel-not-endorsed");
        }
        if (!unverified.TryGetPayloadValue<string>(ServiceUrlClaim, out var claimedServiceUrl)
            || string.IsNullOrEmpty(activity.ServiceUrl)
            || !string.Equals(claimedServiceUrl, activity.ServiceUrl, StringComparison.Ordinal))
        {
            return Forbidden("serviceurl-mismatch");
        }
        trustedServiceUrls.Trust(activity.ServiceUrl);
        return new BotAuthResult(BotAuthStatus.Authenticated, "ok");
    }

    public void Dispose() => metadataClient.Dispose();

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, string[] issuers) => new()
    {
        ValidIssuers = issuers,
        ValidAudience = appId,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromMinutes(5),
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        IssuerSigningKeys = configuration.SigningKeys,
        // Only keys named by the token; trying all keys would hide key-rotation problems and cost CPU.
        TryAllIssuerSigningKeys = false,
    };

    /// <summary>The signing key (by kid) lists the activity's channel in its <c>endorsements</c>.</summary>
    private static bool IsEndorsed(OpenIdConnectConfiguration configuration, JsonWebToken token, string? channelId)
    {
        if (string.IsNullOrEmpty(channelId) || configuration.JsonWebKeySet is not { } keySet)
        {
            return false;
        }
        var key = keySet.Keys.FirstOrDefault(k =>
            (!string.IsNullOrEmpty(token.Kid) && string.Equals(k.Kid, token.Kid, StringComparison.Ordinal))
            || (!string.IsNullOrEmpty(token.X5t) && string.Equals(k.X5t, token.X5t, StringComparison.Ordinal)));
        return key is not null
            && key.AdditionalData.TryGetValue("endorsements", out var endorsements)
            && Strings(endorsements).Contains(channelId, StringComparer.Ordinal);
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string single => [single],
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        System.Collections.IEnumerable items => items.Cast<object?>().Select(item => item switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        }).OfType<string>(),
        _ => [],
    };

    private static string ReasonOf(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "invalid-audience",
        SecurityTokenInvalidIssuerException => "invalid-issuer",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not-yet-valid",
        SecurityTokenNoExpirationException => "no-expiration",
        SecurityTokenSignatureKeyNotFoundException => "unknown-signing-key",
        SecurityTokenInvalidSignatureException => "invalid-signature",
        SecurityTokenInvalidAlgorithmException => "invalid-algorithm",
        SecurityTokenMalformedException => "malformed-token",
        _ => "invalid-token",
    };

    private static BotAuthResult Unauthorized(string reason) => new(BotAuthStatus.Unauthorized, reason);

    private static BotAuthResult Forbidden(string reason) => new(BotAuthStatus.Forbidden, reason);
}
