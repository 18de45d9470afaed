using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OppAssistant.Testing;

/// <summary>One request the fake connector received.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string Body, DateTimeOffset ReceivedAt)
{
    public JsonNode? Json => JsonNode.Parse(Body);
}

/// <summary>
/// Everything Azure Bot Service and Entra would be, on 127.0.0.1: OpenID metadata and JWKS (Bot Connector keys
/// with channel endorsements, and Entra keys), a client-credentials token endpoint, and a connector that
/// records requests and can answer with scripted failures first.
/// </summary>
public sealed class FakeBotServices : IAsyncDisposable
{
    public const string BotConnectorIssuer = "https://api.botframework.com";
    public const string EndorsedKeyId = "endorsed-key";
    public const string ForeignKeyId = "foreign-key";
    public const string EntraKeyId = "entra-key";
    public const string RotatedKeyId = "rotated-key";

    private readonly WebApplication app;
    private int tokenRequests;
    private int botConnectorMetadataRequests;

    private FakeBotServices(WebApplication app) => this.app = app;

    public RSA EndorsedKey { get; } = RSA.Create(2048);

    /// <summary>Signs tokens but is in no JWKS.</summary>
    public RSA ForeignKey { get; } = RSA.Create(2048);

    public RSA EntraKey { get; } = RSA.Create(2048);

    /// <summary>Joins the Bot Connector JWKS only once <see cref="PublishRotatedKey"/> is set.</summary>
    public RSA RotatedKey { get; } = RSA.Create(2048);

    public volatile bool PublishRotatedKey;

    public string[] Endorsements { get; set; } = ["msteams", "webchat"];

    public string BaseUrl { get; private set; } = "";

    public string BotConnectorMetadataUrl => BaseUrl + "/botframework/openid";

    public string EntraMetadataUrl => BaseUrl + "/entra/openid";

    public string TokenEndpoint => BaseUrl + "/token";

    /// <summary>With a trailing slash, as Teams sends it.</summary>
    public string ServiceUrl => BaseUrl + "/connector/";

    public ConcurrentQueue<RecordedRequest> ConnectorRequests { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenForms { get; } = new();

    /// <summary>Answers the connector gives before it succeeds: status and optional Retry-After.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> ConnectorFailures { get; } = new();

    /// <summary>A status to answer instead of success, chosen per request (after <see cref="ConnectorFailures"/>); null lets it succeed.</summary>
    public Func<RecordedRequest, int?>? FailWhen { get; set; }

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    public int BotConnectorMetadataRequests => Volatile.Read(ref botConnectorMetadataRequests);

    public long TokenLifetimeSeconds { get; set; } = 3600;

    public static async Task<FakeBotServices> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var fake = new FakeBotServices(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseUrl = address.TrimEnd('/');
        return fake;
    }

    /// <summary>A token as Azure Bot Service would send it; every part can be spoiled for negative tests.</summary>
    public string CreateToken(
        string audience,
        string? serviceUrl = null,
        string issuer = BotConnectorIssuer,
        string keyId = EndorsedKeyId,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var rsa = keyId switch
        {
            EndorsedKeyId => EndorsedKey,
            EntraKeyId => EntraKey,
            RotatedKeyId => RotatedKey,
            _ => ForeignKey,
        };
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        EndorsedKey.Dispose();
        ForeignKey.Dispose();
        EntraKey.Dispose();
        RotatedKey.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        switch (path)
        {
            case "/botframework/openid":
                Interlocked.Increment(ref botConnectorMetadataRequests);
                await WriteJson(context, Metadata(BotConnectorIssuer, "/botframework/keys"));
                return;
            case "/botframework/keys":
                var keys = new JsonArray(Jwk(EndorsedKey, EndorsedKeyId, Endorsements));
                if (PublishRotatedKey)
                {
                    keys.Add(Jwk(RotatedKey, RotatedKeyId, Endorsements));
                }
                await WriteJson(context, new JsonObject { ["keys"] = keys });
                return;
            case "/entra/openid":
                await WriteJson(context, Metadata("https://login.microsoftonline.com/{tenantid}/v2.0", "/entra/keys"));
                return;
            case "/entra/keys":
                await WriteJson(context, new JsonObject { ["keys"] = new JsonArray(Jwk(EntraKey, EntraKeyId, null)) });
                return;
            case "/token":
                await TokenAsync(context);
                return;
        }
        if (path.StartsWith("/connector/", StringComparison.Ordinal))
        {
            await ConnectorAsync(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        TokenForms.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        var number = Interlocked.Increment(ref tokenRequests);
        await WriteJson(context, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = $"fake-bot-token-{number}",
        });
    }

    private async Task ConnectorAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var recorded = new RecordedRequest(
            context.Request.Method, rawTarget, context.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow);
        ConnectorRequests.Enqueue(recorded);
        if (ConnectorFailures.TryDequeue(out var failure))
        {
            context.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
            return;
        }
        if (FailWhen?.Invoke(recorded) is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }
        if (context.Request.Method == HttpMethods.Post && rawTarget == "/connector/v3/conversations")
        {
            // As Teams does for a 1:1 chat: the same member always gets the same conversation.
            var member = (string?)recorded.Json?["members"]?[0]?["id"];
            await WriteJson(context, new JsonObject { ["id"] = ChatWith(member ?? "nobody") });
            return;
        }
        await WriteJson(context, new JsonObject { ["id"] = $"reply-{ConnectorRequests.Count}" });
    }

    /// <summary>The conversation id the fake gives the 1:1 chat with a member.</summary>
    public static string ChatWith(string memberId) => "a:chat-" + memberId;

    private JsonObject Metadata(string issuer, string keysPath) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = BaseUrl + "/authorize",
        ["jwks_uri"] = BaseUrl + keysPath,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private static JsonObject Jwk(RSA rsa, string keyId, string[]? endorsements)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)JsonValue.Create(e)).ToArray());
        }
        return jwk;
    }

    private static Task WriteJson(HttpContext context, JsonNode json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }
}
