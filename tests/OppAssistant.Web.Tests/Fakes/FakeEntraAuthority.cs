using System.Collections.Concurrent;
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

namespace OppAssistant.Web.Tests.Fakes;

/// <summary>
/// A minimal OpenID Connect authority on 127.0.0.1, as Entra ID would be for the review page: metadata, keys and a
/// token endpoint that answers a code with the id token queued for it (<see cref="IssueFor"/>).
/// </summary>
public sealed class FakeEntraAuthority : IAsyncDisposable
{
    private const string KeyId = "fake-entra";

    private readonly WebApplication app;
    private readonly RSA key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> idTokens = new();

    private FakeEntraAuthority(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public string AuthorizeEndpoint => BaseUrl + "/authorize";

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenForms { get; } = new();

    public static async Task<FakeEntraAuthority> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var fake = new FakeEntraAuthority(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Queues the id token the token endpoint gives for <paramref name="code"/>: this object id, this client, this nonce.</summary>
    public void IssueFor(string code, string clientId, string nonce, string objectId)
    {
        var now = DateTime.UtcNow;
        idTokens[code] = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BaseUrl,
            Audience = clientId,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "sub-" + objectId, ["oid"] = objectId, ["nonce"] = nonce },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        key.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/.well-known/openid-configuration":
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["issuer"] = BaseUrl,
                    ["authorization_endpoint"] = AuthorizeEndpoint,
                    ["token_endpoint"] = BaseUrl + "/token",
                    ["jwks_uri"] = BaseUrl + "/keys",
                    ["response_types_supported"] = new JsonArray("code"),
                    ["subject_types_supported"] = new JsonArray("pairwise"),
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
                return;
            case "/keys":
                var parameters = key.ExportParameters(false);
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    }),
                });
                return;
            case "/token":
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                TokenForms.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
                if (!idTokens.TryRemove(form["code"].ToString(), out var idToken))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_grant" });
                    return;
                }
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 3600,
                    ["access_token"] = "fake-access-token",
                    ["id_token"] = idToken,
                });
                return;
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
