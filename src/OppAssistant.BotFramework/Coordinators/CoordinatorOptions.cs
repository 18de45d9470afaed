using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Safeguarding;

namespace OppAssistant.BotFramework.Coordinators;

/// <summary>
/// Who may act as coordinator (section <c>Coordinators</c>): listed Entra object ids, and/or the members of one
/// Teams team. Nobody configured: nobody is a coordinator, except Web Chat users in local mode (see
/// <see cref="AllowWebChatInLocalMode"/>).
/// </summary>
public sealed class CoordinatorOptions
{
    public const string SectionName = "Coordinators";

    /// <summary>Entra object ids (GUIDs) of the coordinators.</summary>
    public List<string> EntraObjectIds { get; set; } = [];

    /// <summary>
    /// A Teams team whose members are coordinators: its thread id as the Bot Connector knows it
    /// (<c>19:…@thread.tacv2</c>, channelData.team.id), not the Microsoft 365 group GUID. The bot must be installed
    /// in the team. Checked through the Bot Connector with the bot's token, and cached for a few minutes.
    /// </summary>
    public string? TeamId { get; set; }

    /// <summary>
    /// The Bot Connector URL of the school's Teams region for <see cref="TeamId"/>, e.g.
    /// https://smba.trafficmanager.net/emea/. Empty: <see cref="SafeguardingOptions.TeamsServiceUrl"/>.
    /// </summary>
    public string? TeamsServiceUrl { get; set; }

    /// <summary>
    /// A development convenience: in local mode (no MicrosoftAppId: the developer's own machine, loopback only) any
    /// Web Chat user may act as coordinator. In production Web Chat users never are, whatever this says: the
    /// self-hosted Direct Line vouches for nobody.
    /// </summary>
    public bool AllowWebChatInLocalMode { get; set; } = true;

    /// <summary>The configured ids as GUIDs, without blanks (an emptied environment variable).</summary>
    public IReadOnlySet<Guid> ResolveObjectIds() => EntraObjectIds
        .Where(id => Guid.TryParse(id, out _))
        .Select(Guid.Parse)
        .ToHashSet();

    /// <summary>The service URL for the team check: this section's, else the one Safeguarding configures.</summary>
    public string? ResolveTeamsServiceUrl(SafeguardingOptions safeguarding) =>
        !string.IsNullOrWhiteSpace(TeamsServiceUrl) ? TeamsServiceUrl.Trim()
        : !string.IsNullOrWhiteSpace(safeguarding.TeamsServiceUrl) ? safeguarding.TeamsServiceUrl.Trim()
        : null;

    public bool HasTeam => !string.IsNullOrWhiteSpace(TeamId);
}

internal sealed class CoordinatorOptionsValidator(IOptions<BotAppOptions> app, IOptions<SafeguardingOptions> safeguarding) : IValidateOptions<CoordinatorOptions>
{
    private const string Section = CoordinatorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        var failures = new List<string>();
        // The index, not the value: the key to fix is named without copying ids into the start-up log.
        for (var i = 0; i < options.EntraObjectIds.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(options.EntraObjectIds[i]) && !Guid.TryParse(options.EntraObjectIds[i], out _))
            {
                failures.Add($"{Section}:EntraObjectIds:{i} is not a GUID; list the Entra object ids of the coordinators (Entra admin center, Users, Object ID).");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.TeamsServiceUrl) && !SafeguardingOptions.IsAllowedServiceUrl(options.TeamsServiceUrl))
        {
            failures.Add($"{Section}:TeamsServiceUrl must be an absolute https URL, e.g. https://smba.trafficmanager.net/emea/.");
        }
        if (options.HasTeam)
        {
            if (!options.TeamId!.Trim().StartsWith("19:", StringComparison.Ordinal))
            {
                failures.Add($"{Section}:TeamId must be the team's thread id as the Bot Connector knows it (19:…@thread.tacv2), not the group GUID.");
            }
            var appOptions = app.Value;
            if (appOptions.IsLocalMode || string.IsNullOrWhiteSpace(appOptions.MicrosoftAppPassword))
            {
                failures.Add($"{Section}:TeamId is set, but the bot has no credentials: set MicrosoftAppId and MicrosoftAppPassword, or the team cannot be asked.");
            }
            if (options.ResolveTeamsServiceUrl(safeguarding.Value) is null)
            {
                failures.Add($"{Section}:TeamsServiceUrl (or Safeguarding:TeamsServiceUrl) is required when {Section}:TeamId is set, e.g. https://smba.trafficmanager.net/emea/.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
