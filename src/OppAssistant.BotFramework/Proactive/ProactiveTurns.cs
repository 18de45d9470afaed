using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.DirectLine;
using OppAssistant.BotFramework.FollowUps;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.Proactive;

/// <summary>
/// The bot speaks first in a user's most recent conversation (<see cref="ConversationReferences"/>): a
/// <see cref="InputKind.FollowUp"/> turn runs there and its replies are delivered as the channel does it. Direct
/// Line: in order with the conversation's turns, logged with its state and pushed to open streams (a conversation
/// whose token expired still gets it in its log). Teams: sent with the Bot Connector's SendToConversation to the
/// stored serviceUrl, which must still be trusted (named by a validated token since the start, or configured).
/// Logs name the conversation by its hash only, never the user key.
/// </summary>
internal sealed partial class ProactiveTurns(
    ConversationReferences references,
    DirectLineConversations directLine,
    ITurnPipeline pipeline,
    FollowUpRunner followUps,
    IServiceScopeFactory scopes,
    TrustedServiceUrls trustedServiceUrls,
    Microsoft.Extensions.Options.IOptions<BotAppOptions> app,
    TimeProvider time,
    ILogger<ProactiveTurns> logger) : IProactiveTurns
{
    public async Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userKey);
        ArgumentException.ThrowIfNullOrEmpty(followUpName);
        if (await references.FindAsync(userKey, cancellationToken).ConfigureAwait(false) is not { } reference)
        {
            LogNoConversation(followUpName);
            return false;
        }
        var conversation = new ConversationKey(reference.ChannelId, reference.ConversationId);
        var input = new TurnInput(conversation, reference.UserId, InputKind.FollowUp, Value: FollowUpRunner.Payload(followUpName, ok: true, result: null), Locale: reference.Locale)
        {
            UserKey = userKey,
        };
        var logId = LogIds.Of(conversation.Value);
        bool delivered;
        if (reference.ChannelId == DirectLineConversations.ChannelId && string.IsNullOrEmpty(reference.ServiceUrl))
        {
            delivered = await directLine.RunProactiveAsync(reference.ConversationId, reference.UserId, input, cancellationToken).ConfigureAwait(false) switch
            {
                null => Refused(followUpName, logId, "conversation-gone"),
                { Status: TurnStatus.Completed } => true,
                _ => Refused(followUpName, logId, "turn-failed"),
            };
        }
        else if (!string.IsNullOrEmpty(reference.ServiceUrl))
        {
            delivered = await ConnectorAsync(reference, input, followUpName, logId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            delivered = Refused(followUpName, logId, "no-service-url");
        }
        if (delivered)
        {
            LogDelivered(followUpName, logId);
        }
        return delivered;
    }

    /// <summary>Teams (any Bot Connector channel): the turn runs, then its replies go to the conversation one by one.</summary>
    private async Task<bool> ConnectorAsync(ConversationReference reference, TurnInput input, string followUpName, string logId, CancellationToken cancellationToken)
    {
        var incoming = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            Conversation = new ConversationAccount { Id = reference.ConversationId, ConversationType = reference.ConversationType, TenantId = reference.TenantId },
            From = new ChannelAccount { Id = reference.UserId, AadObjectId = reference.UserAadObjectId, Role = "user" },
            Recipient = new ChannelAccount { Id = reference.BotId, Role = "bot" },
            Locale = reference.Locale,
        };
        // Checked before the turn, which may mark what it shows as shown: the send must not be refused afterwards.
        // Learned serviceUrls are forgotten on restart; a configured one (Safeguarding, Coordinators) stays trusted.
        if (!app.Value.IsLocalMode && !trustedServiceUrls.IsTrusted(reference.ServiceUrl!))
        {
            return Refused(followUpName, logId, "service-url-not-trusted");
        }
        var outcome = await pipeline.RunAsync(input, cancellationToken).ConfigureAwait(false);
        if (outcome.Status != TurnStatus.Completed)
        {
            // No apology out of the blue: the user did not ask for anything.
            return Refused(followUpName, logId, "turn-failed");
        }
        if (!await SendAsync(incoming, outcome.Replies, logId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        followUps.Start(outcome.FollowUps, input, async (followUp, ct) =>
        {
            var later = await pipeline.RunAsync(followUp, ct).ConfigureAwait(false);
            await SendAsync(incoming, later.Replies, logId, ct).ConfigureAwait(false);
            return later.FollowUps;
        });
        return true;
    }

    private async Task<bool> SendAsync(Activity incoming, IReadOnlyList<BotReply> replies, string logId, CancellationToken cancellationToken)
    {
        if (replies.Count == 0)
        {
            return true;
        }
        using var scope = scopes.CreateScope();
        var connector = scope.ServiceProvider.GetRequiredService<BotConnectorClient>();
        try
        {
            foreach (var reply in replies)
            {
                await connector.SendToConversationAsync(ActivityMapper.ToActivity(reply, incoming, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or BotConnectorException or BotTokenException or ArgumentException or TaskCanceledException
            or Polly.Timeout.TimeoutRejectedException)
        {
            // Only the type and status: exception messages may carry URLs, and those carry conversation ids.
            LogSendFailed(logId, e.GetType().Name, (int?)(e as BotConnectorException)?.StatusCode);
            return false;
        }
    }

    private bool Refused(string followUpName, string logId, string reason)
    {
        LogNotDelivered(followUpName, logId, reason);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proactive turn {Name}: the user has no conversation the bot can reach")]
    private partial void LogNoConversation(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proactive turn {Name} delivered in conversation {Conversation}")]
    private partial void LogDelivered(string name, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proactive turn {Name} not delivered in conversation {Conversation}: {Reason}")]
    private partial void LogNotDelivered(string name, string conversation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proactive replies to conversation {Conversation} could not be sent: {ExceptionType} (HTTP {StatusCode})")]
    private partial void LogSendFailed(string conversation, string exceptionType, int? statusCode);
}
