using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.DirectLine;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.Coordinators;

/// <summary>
/// Coordinators as the channels vouch for them. Teams: the user key of a Teams turn is her Entra object id
/// ("aad:" + id, set by <see cref="Protocol.ActivityMapper"/> from a validated activity), a coordinator when listed in
/// <see cref="CoordinatorOptions.EntraObjectIds"/> or a member of <see cref="CoordinatorOptions.TeamId"/>. Web Chat:
/// nobody, except in local mode when <see cref="CoordinatorOptions.AllowWebChatInLocalMode"/> allows it. A team
/// answer is cached for a few minutes; a failed check counts as "no" (with a warning) and is not cached.
/// </summary>
internal sealed partial class TeamsCoordinatorDirectory : ICoordinatorDirectory
{
    public const string TeamsChannelId = "msteams";
    private const string EntraKeyPrefix = "aad:";

    /// <summary>How long a team membership answer is trusted; someone removed from the team loses the role within it.</summary>
    internal static readonly TimeSpan MembershipCacheDuration = TimeSpan.FromMinutes(5);

    // Coordinators of one school are few; the cap only guards against unbounded growth.
    private const int CacheCapacity = 1000;

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ILogger<TeamsCoordinatorDirectory> logger;
    private readonly IReadOnlySet<Guid> listed;
    private readonly string? teamId;
    private readonly string? serviceUrl;
    private readonly bool webChatIsCoordinator;
    private readonly ConcurrentDictionary<Guid, (bool Member, DateTimeOffset Until)> memberships = new();

    public TeamsCoordinatorDirectory(
        IServiceScopeFactory scopes,
        IOptions<CoordinatorOptions> options,
        IOptions<SafeguardingOptions> safeguarding,
        IOptions<BotAppOptions> app,
        TrustedServiceUrls trustedServiceUrls,
        TimeProvider time,
        ILogger<TeamsCoordinatorDirectory> logger)
    {
        this.scopes = scopes;
        this.time = time;
        this.logger = logger;
        var settings = options.Value;
        listed = settings.ResolveObjectIds();
        webChatIsCoordinator = settings.AllowWebChatInLocalMode && app.Value.IsLocalMode;
        if (settings.HasTeam && settings.ResolveTeamsServiceUrl(safeguarding.Value) is { } url)
        {
            teamId = settings.TeamId!.Trim();
            serviceUrl = url;
            // No incoming token names this URL; it is trusted because the operator configured it (validated https).
            trustedServiceUrls.TrustConfigured(serviceUrl);
        }
    }

    public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Conversation.ChannelId switch
        {
            // Only Teams vouches for the Entra id; another channel's "aadObjectId" is whatever its client claimed.
            TeamsChannelId when input.UserKey.StartsWith(EntraKeyPrefix, StringComparison.Ordinal) =>
                IsCoordinatorAsync(input.UserKey[EntraKeyPrefix.Length..], cancellationToken),
            DirectLineConversations.ChannelId => ValueTask.FromResult(webChatIsCoordinator),
            _ => ValueTask.FromResult(false),
        };
    }

    public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(entraObjectId, out var id))
        {
            return ValueTask.FromResult(false);
        }
        if (listed.Contains(id))
        {
            return ValueTask.FromResult(true);
        }
        return teamId is null ? ValueTask.FromResult(false) : new ValueTask<bool>(IsTeamMemberAsync(id, cancellationToken));
    }

    private async Task<bool> IsTeamMemberAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (memberships.TryGetValue(id, out var cached) && cached.Until > now)
        {
            return cached.Member;
        }
        bool member;
        try
        {
            using var scope = scopes.CreateScope();
            var connector = scope.ServiceProvider.GetRequiredService<BotConnectorClient>();
            member = await connector.IsMemberAsync(serviceUrl!, teamId!, id.ToString("D"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or BotConnectorException or BotTokenException or ArgumentException or TaskCanceledException
            or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            // Only the type and status: no ids. Not cached, so the next turn asks again.
            LogCheckFailed(e.GetType().Name, (int?)(e as BotConnectorException)?.StatusCode);
            return false;
        }
        if (memberships.Count >= CacheCapacity)
        {
            memberships.Clear();
        }
        memberships[id] = (member, now + MembershipCacheDuration);
        return member;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The coordinators' team could not be asked about a member ({ExceptionType}, HTTP {StatusCode}); taken as not a coordinator")]
    private partial void LogCheckFailed(string exceptionType, int? statusCode);
}

/// <summary>Registers the coordinator directory; part of <see cref="BotFrameworkAdapter.AddBotFrameworkAdapter"/>.</summary>
internal static class CoordinatorRegistration
{
    public static IServiceCollection AddCoordinatorDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<CoordinatorOptions>, CoordinatorOptionsValidator>();
        services.AddOptions<CoordinatorOptions>().Bind(configuration.GetSection(CoordinatorOptions.SectionName)).ValidateOnStart();
        // Replaces the core's NoCoordinators (registered with TryAdd, before or after this).
        services.Replace(ServiceDescriptor.Singleton<ICoordinatorDirectory, TeamsCoordinatorDirectory>());
        return services;
    }
}
