using Microsoft.Extensions.Options;

namespace OppAssistant.BotFramework.Connector;

/// <summary>
/// The bot's Entra app registration. The keys live at the root of configuration, as in the Bot Framework and
/// Agents SDK samples, so existing Azure Bot Service app settings work unchanged. No app id means local mode.
/// </summary>
public sealed class BotAppOptions
{
    /// <summary>Empty: these keys are read from the configuration root.</summary>
    public const string SectionName = "";

    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>MultiTenant (default) or SingleTenant. UserAssignedMSI is not supported yet.</summary>
    public string? MicrosoftAppType { get; set; } = MultiTenant;

    /// <summary>The bot's own Entra tenant; required for SingleTenant.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Without an app id nothing is authenticated: only loopback callers are accepted.</summary>
    public bool IsLocalMode => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, SingleTenant, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Settings of /api/messages and the connector client (section <c>BotFramework</c>).</summary>
public sealed class BotConnectorOptions
{
    public const string SectionName = "BotFramework";

    /// <summary>OpenID metadata of the Bot Connector service, whose keys carry channel endorsements.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata for Entra-issued tokens (SingleTenant only).</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Client-credentials token endpoint. Empty: login.microsoftonline.com for the app's tenant.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Entra tenants (Teams channelData.tenant.id) allowed to talk to the bot; empty allows all.</summary>
    public string[] AllowedTenantIds { get; set; } = [];

    public long MaxRequestBodyBytes { get; set; } = 262_144;

    /// <summary>How long a turn may run before the user sees a typing indicator.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Refuse http:// metadata. Only tests turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string ResolveTokenEndpoint(BotAppOptions app) =>
        string.IsNullOrWhiteSpace(TokenEndpoint)
            ? $"https://login.microsoftonline.com/{(app.IsSingleTenant ? app.MicrosoftAppTenantId : "botframework.com")}/oauth2/v2.0/token"
            : TokenEndpoint;
}

internal sealed class BotAppOptionsValidator : IValidateOptions<BotAppOptions>
{
    public ValidateOptionsResult Validate(string? name, BotAppOptions options)
    {
        var failures = new List<string>();
        var type = string.IsNullOrWhiteSpace(options.MicrosoftAppType) ? BotAppOptions.MultiTenant : options.MicrosoftAppType;
        if (!string.Equals(type, BotAppOptions.MultiTenant, StringComparison.OrdinalIgnoreCase) && !options.IsSingleTenant)
        {
            failures.Add($"MicrosoftAppType '{type}' is not supported yet; use {BotAppOptions.MultiTenant} or {BotAppOptions.SingleTenant}.");
        }
        if (options.IsLocalMode)
        {
            if (!string.IsNullOrEmpty(options.MicrosoftAppPassword))
            {
                failures.Add("MicrosoftAppPassword is set but MicrosoftAppId is empty; set both, or neither for local mode.");
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
        if (!Guid.TryParse(options.MicrosoftAppId, out _))
        {
            failures.Add("MicrosoftAppId must be a GUID (the application id of the bot's Entra app registration), or empty for local mode.");
        }
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add("MicrosoftAppPassword (the client secret) is required when MicrosoftAppId is set.");
        }
        if (options.IsSingleTenant && !Guid.TryParse(options.MicrosoftAppTenantId, out _))
        {
            failures.Add("MicrosoftAppTenantId must be the GUID of the bot's Entra tenant when MicrosoftAppType is SingleTenant.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class BotConnectorOptionsValidator : IValidateOptions<BotConnectorOptions>
{
    private const string Section = BotConnectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BotConnectorOptions options)
    {
        var failures = new List<string>();
        CheckUrl(failures, $"{Section}:OpenIdMetadataUrl", options.OpenIdMetadataUrl, options.RequireHttpsMetadata);
        CheckUrl(failures, $"{Section}:EntraOpenIdMetadataUrl", options.EntraOpenIdMetadataUrl, options.RequireHttpsMetadata);
        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            CheckUrl(failures, $"{Section}:TokenEndpoint", options.TokenEndpoint, options.RequireHttpsMetadata);
        }
        foreach (var tenant in options.AllowedTenantIds)
        {
            if (!Guid.TryParse(tenant, out _))
            {
                failures.Add($"{Section}:AllowedTenantIds must hold Entra tenant GUIDs; '{tenant}' is not one.");
            }
        }
        if (options.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Section}:MaxRequestBodyBytes must be between 1024 and 16777216 bytes.");
        }
        if (options.TypingDelay < TimeSpan.Zero || options.TypingDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Section}:TypingDelay must be between 00:00:00 and 00:00:30.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(List<string> failures, string key, string? value, bool requireHttps)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
        else if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{key} must use https (only tests set {Section}:RequireHttpsMetadata to false).");
        }
    }
}
