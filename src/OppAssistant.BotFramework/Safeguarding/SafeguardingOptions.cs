using System.Net;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Connector;

namespace OppAssistant.BotFramework.Safeguarding;

/// <summary>
/// Who hears of a safeguarding alert in Teams (section <c>Safeguarding</c>). Nobody configured: the alert is only in
/// the coordinator's list. The bot's app id, password and tenant come from <see cref="BotAppOptions"/>.
/// </summary>
public sealed class SafeguardingOptions
{
    public const string SectionName = "Safeguarding";

    /// <summary>Entra object ids (GUIDs) of the school's designated persons (aandachtsfunctionarissen).</summary>
    public List<string> DesignatedPersons { get; set; } = [];

    /// <summary>The Bot Connector URL of the school's Teams region, e.g. https://smba.trafficmanager.net/emea/.</summary>
    public string? TeamsServiceUrl { get; set; }

    /// <summary>The school's Entra tenant; empty means <see cref="BotAppOptions.MicrosoftAppTenantId"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The tenant the conversations are created in, or null when none is configured.</summary>
    public string? ResolveTenantId(BotAppOptions app) =>
        !string.IsNullOrWhiteSpace(TenantId) ? TenantId.Trim()
        : !string.IsNullOrWhiteSpace(app.MicrosoftAppTenantId) ? app.MicrosoftAppTenantId.Trim()
        : null;

    /// <summary>The configured persons as canonical GUID strings, without duplicates or blanks.</summary>
    public IReadOnlyList<string> ResolvePersons() => DesignatedPersons
        .Where(p => !string.IsNullOrWhiteSpace(p))
        .Select(p => Guid.TryParse(p, out var id) ? id.ToString("D") : p.Trim())
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToArray();

    /// <summary>True when Teams can be reached: bot credentials, tenant, service URL and at least one person.</summary>
    public bool IsConfigured(BotAppOptions app) =>
        !app.IsLocalMode
        && !string.IsNullOrWhiteSpace(app.MicrosoftAppPassword)
        && ResolveTenantId(app) is not null
        && !string.IsNullOrWhiteSpace(TeamsServiceUrl)
        && ResolvePersons().Count > 0;

    /// <summary>https only; plain http is accepted for a loopback address, where the tests' fake connector listens.</summary>
    internal static bool IsAllowedServiceUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)));
}

internal sealed class SafeguardingOptionsValidator(IOptions<BotAppOptions> app) : IValidateOptions<SafeguardingOptions>
{
    private const string Section = SafeguardingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SafeguardingOptions options)
    {
        var failures = new List<string>();
        // The index, not the value: the key to fix is named without copying ids into the start-up log.
        for (var i = 0; i < options.DesignatedPersons.Count; i++)
        {
            // A blank entry (an emptied environment variable) is skipped, as ResolvePersons does.
            if (!string.IsNullOrWhiteSpace(options.DesignatedPersons[i]) && !Guid.TryParse(options.DesignatedPersons[i], out _))
            {
                failures.Add($"{Section}:DesignatedPersons:{i} is not a GUID; list the Entra object ids of the designated persons (Entra admin center, Users, Object ID).");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.TeamsServiceUrl) && !SafeguardingOptions.IsAllowedServiceUrl(options.TeamsServiceUrl))
        {
            failures.Add($"{Section}:TeamsServiceUrl must be an absolute https URL, e.g. https://smba.trafficmanager.net/emea/.");
        }
        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
        {
            failures.Add($"{Section}:TenantId must be the GUID of the school's Entra tenant.");
        }
        if (options.DesignatedPersons.Any(p => !string.IsNullOrWhiteSpace(p)))
        {
            var appOptions = app.Value;
            if (appOptions.IsLocalMode || string.IsNullOrWhiteSpace(appOptions.MicrosoftAppPassword))
            {
                failures.Add($"{Section}:DesignatedPersons is set, but the bot has no credentials: set MicrosoftAppId and MicrosoftAppPassword, or Teams cannot be reached.");
            }
            if (string.IsNullOrWhiteSpace(options.TeamsServiceUrl))
            {
                failures.Add($"{Section}:TeamsServiceUrl is required when {Section}:DesignatedPersons is set, e.g. https://smba.trafficmanager.net/emea/.");
            }
            var tenant = options.ResolveTenantId(appOptions);
            if (tenant is null)
            {
                failures.Add($"{Section}:TenantId (or MicrosoftAppTenantId) is required when {Section}:DesignatedPersons is set.");
            }
            else if (string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(tenant, out _))
            {
                failures.Add($"MicrosoftAppTenantId must be a GUID to be used as the tenant of {Section}:DesignatedPersons; or set {Section}:TenantId.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
