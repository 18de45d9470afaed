using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Connector;

namespace OppAssistant.BotFramework.Auth;

/// <summary>
/// The bot's outbound token (client credentials for https://api.botframework.com). Cached until
/// <see cref="RefreshMargin"/> before it expires; concurrent callers share one fetch. In local mode there is
/// no token and replies go out unauthenticated.
/// </summary>
public sealed partial class BotTokenProvider(
    IHttpClientFactory httpClientFactory,
    IOptions<BotAppOptions> app,
    IOptions<BotConnectorOptions> options,
    TimeProvider time,
    ILogger<BotTokenProvider> logger)
{
    public const string HttpClientName = "OppAssistant.BotToken";
    public const string Scope = "https://api.botframework.com/.default";
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private volatile CachedToken? cached;
    private Task<CachedToken>? pending;

    /// <summary>The bearer token for connector calls, or null in local mode.</summary>
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (app.Value.IsLocalMode)
        {
            return null;
        }
        if (cached is { } current && time.GetUtcNow() < current.RefreshAt)
        {
            return current.Token;
        }
        Task<CachedToken> fetch;
        lock (gate)
        {
            if (cached is { } again && time.GetUtcNow() < again.RefreshAt)
            {
                return again.Token;
            }
            fetch = pending ??= FetchAsync();
        }
        // One caller giving up must not cancel the fetch the others wait for.
        return (await fetch.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
    }

    private async Task<CachedToken> FetchAsync()
    {
        // Leave the lock before any work, so the finally below never runs while the caller still holds it.
        await Task.Yield();
        try
        {
            var appOptions = app.Value;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
            using var form = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", appOptions.MicrosoftAppId!),
                new("client_secret", appOptions.MicrosoftAppPassword ?? ""),
                new("scope", Scope),
            ]);
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.PostAsync(options.Value.ResolveTokenEndpoint(appOptions), form, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The error body may echo the client id; only the status is logged.
                LogTokenFailed((int)response.StatusCode);
                throw new BotTokenException($"The token endpoint answered {(int)response.StatusCode}.");
            }
            var body = await response.Content.ReadFromJsonAsync(AuthJsonContext.Default.TokenResponse, timeout.Token).ConfigureAwait(false);
            if (body?.AccessToken is not { Length: > 0 } token || body.ExpiresIn <= 0)
            {
                throw new BotTokenException("The token endpoint answered without access_token or expires_in.");
            }
            var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
            // Short-lived tokens (tests, odd issuers) are renewed half-way instead of going negative.
            var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
            var fresh = new CachedToken(token, time.GetUtcNow() + lifetime - margin);
            cached = fresh;
            return fresh;
        }
        finally
        {
            lock (gate)
            {
                pending = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not get the bot's outbound token: the token endpoint answered {StatusCode}")]
    private partial void LogTokenFailed(int statusCode);

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}

public sealed class BotTokenException(string message) : Exception(message);

internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public long ExpiresIn { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }
}

[JsonSerializable(typeof(TokenResponse))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
