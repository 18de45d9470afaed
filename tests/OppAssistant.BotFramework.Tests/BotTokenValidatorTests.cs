using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

public sealed class BotTokenValidatorTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "99999999-8888-7777-6666-555555555555";
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_valid_Bot_Connector_token_is_accepted_and_its_serviceUrl_trusted()
    {
        var (validator, trusted) = Create();

        var result = await Validate(validator, fake.CreateToken(AppId), Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Authenticated, "ok"), result);
        Assert.True(trusted.IsTrusted(fake.ServiceUrl));
    }

    [Fact]
    public async Task Missing_and_non_bearer_headers_are_unauthorized()
    {
        var (validator, _) = Create();

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "missing-token"), await validator.ValidateAsync(null, Activity(), TestContext.Current.CancellationToken));
        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "not-a-bearer-token"), await validator.ValidateAsync("Basic abc", Activity(), TestContext.Current.CancellationToken));
        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "malformed-token"), await validator.ValidateAsync("Bearer not.a.jwt", Activity(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Wrong_audience_is_unauthorized()
    {
        var (validator, trusted) = Create();

        var result = await Validate(validator, fake.CreateToken("aaaaaaaa-0000-0000-0000-000000000000"), Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "invalid-audience"), result);
        Assert.False(trusted.IsTrusted(fake.ServiceUrl));
    }

    [Fact]
    public async Task Wrong_issuer_is_unauthorized()
    {
        var (validator, _) = Create();

        var result = await Validate(validator, fake.CreateToken(AppId, issuer: "https://evil.example"), Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "untrusted-issuer"), result);
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized()
    {
        var (validator, _) = Create();
        var token = fake.CreateToken(AppId, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-10));

        var result = await Validate(validator, token, Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "expired"), result);
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var (validator, _) = Create();
        var token = fake.CreateToken(AppId, notBefore: DateTime.UtcNow.AddHours(-1), expires: DateTime.UtcNow.AddMinutes(-2));

        var result = await Validate(validator, token, Activity());

        Assert.True(result.IsAuthenticated, result.Reason);
    }

    [Fact]
    public async Task A_token_signed_by_an_unlisted_key_is_unauthorized()
    {
        var (validator, _) = Create();

        var result = await Validate(validator, fake.CreateToken(AppId, keyId: FakeBotServices.ForeignKeyId), Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "unknown-signing-key"), result);
    }

    [Fact]
    public async Task A_forged_signature_under_a_listed_key_id_is_unauthorized()
    {
        var (validator, _) = Create();
        // Signed with the foreign key but claiming the endorsed key's kid.
        var token = fake.CreateToken(AppId, keyId: FakeBotServices.ForeignKeyId).Split('.');
        var forgedHeader = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token[0]).Replace(FakeBotServices.ForeignKeyId, FakeBotServices.EndorsedKeyId));

        var result = await Validate(validator, string.Join('.', forgedHeader, token[1], token[2]), Activity());

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "invalid-signature"), result);
    }

    [Fact]
    public async Task A_channel_the_signing_key_does_not_endorse_is_forbidden()
    {
        var (validator, trusted) = Create();

        var result = await Validate(validator, fake.CreateToken(AppId), Activity(channelId: "slack"));

        Assert.Equal(new BotAuthResult(BotAuthStatus.Forbidden, "channel-not-endorsed"), result);
        Assert.False(trusted.IsTrusted(fake.ServiceUrl));
    }

    [Fact]
    public async Task A_serviceUrl_other_than_the_claim_is_forbidden()
    {
        var (validator, trusted) = Create();
        var activity = Activity();
        activity.ServiceUrl = "https://attacker.example/";

        var result = await Validate(validator, fake.CreateToken(AppId), activity);

        Assert.Equal(new BotAuthResult(BotAuthStatus.Forbidden, "serviceurl-mismatch"), result);
        Assert.False(trusted.IsTrusted("https://attacker.example/"));
        Assert.False(trusted.IsTrusted(fake.ServiceUrl));
    }

    [Fact]
    public async Task Rotated_keys_are_fetched_once_when_a_token_names_an_unknown_key()
    {
        var (validator, _) = Create();
        Assert.True((await Validate(validator, fake.CreateToken(AppId), Activity())).IsAuthenticated);
        var fetchesBefore = fake.BotConnectorMetadataRequests;
        fake.PublishRotatedKey = true;

        var rotated = await Validate(validator, fake.CreateToken(AppId, keyId: FakeBotServices.RotatedKeyId), Activity());
        var foreign1 = await Validate(validator, fake.CreateToken(AppId, keyId: FakeBotServices.ForeignKeyId), Activity());
        var foreign2 = await Validate(validator, fake.CreateToken(AppId, keyId: FakeBotServices.ForeignKeyId), Activity());

        Assert.True(rotated.IsAuthenticated, rotated.Reason);
        Assert.Equal("unknown-signing-key", foreign1.Reason);
        Assert.Equal("unknown-signing-key", foreign2.Reason);
        // One forced refresh, not one per unknown key id.
        Assert.Equal(fetchesBefore + 1, fake.BotConnectorMetadataRequests);
    }

    [Fact]
    public async Task Single_tenant_accepts_Entra_tokens_of_its_tenant_only()
    {
        var (validator, _) = Create(singleTenant: true);
        var own = fake.CreateToken(AppId, issuer: $"https://login.microsoftonline.com/{TenantId}/v2.0", keyId: FakeBotServices.EntraKeyId);
        var v1 = fake.CreateToken(AppId, issuer: $"https://sts.windows.net/{TenantId}/", keyId: FakeBotServices.EntraKeyId);
        var other = fake.CreateToken(AppId, issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", keyId: FakeBotServices.EntraKeyId);

        Assert.True((await Validate(validator, own, Activity())).IsAuthenticated);
        Assert.True((await Validate(validator, v1, Activity())).IsAuthenticated);
        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "untrusted-issuer"), await Validate(validator, other, Activity()));
        // The Bot Connector issuer still works for a single-tenant bot.
        Assert.True((await Validate(validator, fake.CreateToken(AppId), Activity())).IsAuthenticated);
    }

    [Fact]
    public async Task Multi_tenant_refuses_Entra_issuers()
    {
        var (validator, _) = Create();
        var token = fake.CreateToken(AppId, issuer: $"https://login.microsoftonline.com/{TenantId}/v2.0", keyId: FakeBotServices.EntraKeyId);

        Assert.Equal(new BotAuthResult(BotAuthStatus.Unauthorized, "untrusted-issuer"), await Validate(validator, token, Activity()));
    }

    private Activity Activity(string channelId = "msteams") => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channelId,
        ServiceUrl = fake.ServiceUrl,
        Conversation = new ConversationAccount { Id = "a:conv" },
    };

    private static Task<BotAuthResult> Validate(BotTokenValidator validator, string token, Activity activity) =>
        validator.ValidateAsync("Bearer " + token, activity, TestContext.Current.CancellationToken);

    private (BotTokenValidator Validator, TrustedServiceUrls Trusted) Create(bool singleTenant = false)
    {
        var app = new BotAppOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "secret",
            MicrosoftAppType = singleTenant ? BotAppOptions.SingleTenant : BotAppOptions.MultiTenant,
            MicrosoftAppTenantId = singleTenant ? TenantId : null,
        };
        var options = new BotConnectorOptions
        {
            OpenIdMetadataUrl = fake.BotConnectorMetadataUrl,
            EntraOpenIdMetadataUrl = fake.EntraMetadataUrl,
            RequireHttpsMetadata = false,
        };
        var trusted = new TrustedServiceUrls();
        return (new BotTokenValidator(Options.Create(app), Options.Create(options), trusted, TimeProvider.System), trusted);
    }
}
