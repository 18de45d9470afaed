using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>
/// The Direct Line conversation behind the endpoints: starting it (with the synthesized welcome), accepting a
/// user's activity (echo first, then the turn, then the replies) and reading the activity log by watermark.
/// </summary>
internal sealed partial class DirectLineConversations(
    IDocumentStore store,
    IActivityLog log,
    ITurnPipeline pipeline,
    ActivityNotifier notifier,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    FollowUps.FollowUpRunner followUps,
    Proactive.ConversationReferences references,
    ILogger<DirectLineConversations> logger)
{
    /// <summary>The channel id of Web Chat conversations; part of the turn pipeline's storage key.</summary>
    public const string ChannelId = "webchat";
    public const string Collection = "directline";
    public const int PageSize = 500;

    private static readonly ChannelAccount Bot = new() { Id = "oppassistant", Role = "bot" };

    /// <summary>
    /// Keeps a conversation's activities in turn order: a turn's echo and replies are logged before the next turn of
    /// the same conversation runs. Separate from the pipeline's own locks, which it nests around.
    /// </summary>
    private readonly ConversationLocks order = new(256);

    public static string NewConversationId() => Base64UrlId(16);

    /// <summary>Never starts with "dl_": Web Chat reserves that prefix for ids it cannot verify.</summary>
    public static string NewUserId() => "u_" + Base64UrlId(12);

    public static string StreamName(string conversationId) => "directline/" + conversationId;

    /// <summary>Creates the conversation once and greets; false when it already existed.</summary>
    public async Task<bool> StartAsync(DirectLineGrant grant, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(Collection, grant.ConversationId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }
        var record = JsonSerializer.SerializeToUtf8Bytes(
            new ConversationRecord { UserId = grant.UserId, StartedAt = time.GetUtcNow() },
            DirectLineJsonContext.Default.ConversationRecord);
        try
        {
            await store.PutAsync(Collection, grant.ConversationId, record, expectedVersion: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // A parallel start of the same conversation won; it sends the welcome.
            return false;
        }
        LogStarted(logger, LogIds.Of(grant.ConversationId));

        // The hosted Direct Line tells the bot a member joined; a self-hosted one has to do it itself.
        var update = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = NewActivityId(grant.ConversationId),
            Timestamp = Timestamp(time.GetUtcNow()),
            ChannelId = ChannelId,
            Conversation = new ConversationAccount { Id = grant.ConversationId },
            From = new ChannelAccount { Id = grant.UserId, Role = "user" },
            Recipient = Bot,
            MembersAdded = [new ChannelAccount { Id = grant.UserId, Role = "user" }],
        };
        var started = ActivityMapper.ToTurnInput(update)!;
        var outcome = await pipeline.RunAsync(started, lifetime.ApplicationStopping).ConfigureAwait(false);
        // The update itself is never delivered, so the welcome must not point at it: Web Chat would hold a
        // reply back for a while, waiting for the activity it answers.
        await AppendAsync(grant.ConversationId, ReplyActivities(update, outcome.Replies, replyTo: null, echo: null), CancellationToken.None).ConfigureAwait(false);
        await RememberAsync(started, update, outcome).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken) =>
        await store.GetAsync(Collection, conversationId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Stores the user's activity as the server sees it, runs the turn and stores the replies. Returns the
    /// activity's id. The echo is appended before the turn: Web Chat marks a message as sent only on its echo.
    /// </summary>
    public async Task<string> PostAsync(DirectLineGrant grant, Activity incoming, CancellationToken cancellationToken)
    {
        var echo = incoming;
        echo.Id = NewActivityId(grant.ConversationId);
        echo.Timestamp = Timestamp(time.GetUtcNow());
        echo.ChannelId = ChannelId;
        echo.ServiceUrl = null;
        echo.Conversation = new ConversationAccount { Id = grant.ConversationId };
        // Who sent it is what the token says, whatever the body claims.
        echo.From = new ChannelAccount { Id = grant.UserId, Name = incoming.From?.Name, Role = "user" };
        echo.Recipient = Bot;

        if (echo.Type == ActivityTypes.Typing)
        {
            // Nobody else is in the conversation to see the user typing.
            return echo.Id;
        }

        if (ActivityMapper.ToTurnInput(echo) is not { } input)
        {
            await AppendAsync(grant.ConversationId, [echo], cancellationToken).ConfigureAwait(false);
            return echo.Id;
        }

        using var inOrder = await order.AcquireAsync(grant.ConversationId, lifetime.ApplicationStopping).ConfigureAwait(false);
        // Who logs the echo: the turn's own write (with its replies, one commit) or, on a slow turn, the typing
        // indicator (so the message shows as sent at once). Whoever claims it first; never both.
        var echoClaim = EchoNotClaimed;
        LogAppend RecordWithTurn(IReadOnlyList<BotReply> replies) => new(
            StreamName(grant.ConversationId),
            Serialize(ReplyActivities(echo, replies, echo.Id,
                Interlocked.CompareExchange(ref echoClaim, EchoWithTurn, EchoNotClaimed) != EchoWithTyping ? echo : null)));

        // The turn and its replies belong to the conversation, not to this request: a client that gives up
        // waiting still finds the replies in the log.
        var turn = pipeline.RunAsync(input, RecordWithTurn, lifetime.ApplicationStopping);
        var delay = options.Value.TypingDelay;
        if (!turn.IsCompleted && delay > TimeSpan.Zero)
        {
            using var typingTimer = new CancellationTokenSource();
            var finished = await Task.WhenAny(turn, Task.Delay(delay, time, typingTimer.Token)).ConfigureAwait(false);
            if (finished != turn && Interlocked.CompareExchange(ref echoClaim, EchoWithTyping, EchoNotClaimed) == EchoNotClaimed)
            {
                var typing = ActivityMapper.Typing(echo, time.GetUtcNow());
                typing.Id = NewActivityId(grant.ConversationId);
                typing.From = Bot;
                await AppendAsync(grant.ConversationId, [echo, typing], CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await typingTimer.CancelAsync().ConfigureAwait(false);
            }
        }
        var outcome = await turn.ConfigureAwait(false);
        if (outcome is { LoggedAppend: { } logged, Logged: { } sequences })
        {
            Publish(grant.ConversationId, logged.Entries, sequences);
            followUps.Start(outcome.FollowUps, input, (followUp, ct) => DeliverFollowUpAsync(grant.ConversationId, echo, followUp, ct));
            await RememberAsync(input, echo, outcome).ConfigureAwait(false);
        }
        else
        {
            // A failed turn stored nothing: log the echo (unless typing did) and the apology now.
            var withEcho = Interlocked.Exchange(ref echoClaim, EchoWithTurn) != EchoWithTyping;
            await AppendAsync(grant.ConversationId, ReplyActivities(echo, outcome.Replies, echo.Id, withEcho ? echo : null), CancellationToken.None).ConfigureAwait(false);
        }
        return echo.Id;
    }

    /// <summary>
    /// A turn the bot starts itself after slow work (<see cref="InputKind.FollowUp"/>): run in order with the user's
    /// turns of this conversation, its replies logged with its state and pushed to open streams like any other.
    /// </summary>
    private async Task<IReadOnlyList<FollowUp>> DeliverFollowUpAsync(string conversationId, Activity userActivity, TurnInput input, CancellationToken cancellationToken)
    {
        var outcome = await RunBotTurnAsync(conversationId, userActivity, input, cancellationToken).ConfigureAwait(false);
        return outcome.FollowUps;
    }

    /// <summary>
    /// A turn the bot starts without any user activity (<see cref="Proactive.ProactiveTurns"/>), delivered as
    /// <see cref="DeliverFollowUpAsync"/> delivers one. Null when the conversation does not exist (any more). Its
    /// token may have expired: the replies then wait in the log for a client that reconnects with a fresh one.
    /// </summary>
    public async Task<TurnOutcome?> RunProactiveAsync(string conversationId, string userId, TurnInput input, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(Collection, conversationId, cancellationToken).ConfigureAwait(false) is not { } stored
            || JsonSerializer.Deserialize(stored.Body.Span, DirectLineJsonContext.Default.ConversationRecord)?.UserId != userId)
        {
            return null;
        }
        // Stands in for the activity a reply answers: who the conversation is with, nothing the user said.
        var context = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = ChannelId,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = userId, Role = "user" },
            Recipient = Bot,
            Locale = input.Locale,
        };
        var outcome = await RunBotTurnAsync(conversationId, context, input, cancellationToken).ConfigureAwait(false);
        followUps.Start(outcome.FollowUps, input, (followUp, ct) => DeliverFollowUpAsync(conversationId, context, followUp, ct));
        return outcome;
    }

    /// <summary>
    /// A turn without a user activity of its own: in order, logged with its state, published. A turn whose replies
    /// were not stored with its state (it failed) logs its apology now and counts as failed, with no follow-ups.
    /// </summary>
    private async Task<TurnOutcome> RunBotTurnAsync(string conversationId, Activity context, TurnInput input, CancellationToken cancellationToken)
    {
        using var inOrder = await order.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        LogAppend Record(IReadOnlyList<BotReply> replies) => new(StreamName(conversationId), Serialize(ReplyActivities(context, replies, replyTo: null, echo: null)));
        var outcome = await pipeline.RunAsync(input, Record, cancellationToken).ConfigureAwait(false);
        if (outcome is { LoggedAppend: { } logged, Logged: { } sequences })
        {
            Publish(conversationId, logged.Entries, sequences);
            return outcome;
        }
        await AppendAsync(conversationId, ReplyActivities(context, outcome.Replies, replyTo: null, echo: null), CancellationToken.None).ConfigureAwait(false);
        return outcome with { Status = TurnStatus.Failed, FollowUps = [] };
    }

    /// <summary>After a user's successful turn: where the bot can reach her later (<see cref="IProactiveTurns"/>).</summary>
    private Task RememberAsync(TurnInput input, Activity userActivity, TurnOutcome outcome) =>
        outcome.Status == TurnStatus.Completed && Proactive.ConversationReference.From(userActivity) is { } reference
            ? references.RememberAsync(input, reference, lifetime.ApplicationStopping)
            : Task.CompletedTask;

    public Task<IReadOnlyList<LogEntry>> ReadAsync(string conversationId, long afterSequence, CancellationToken cancellationToken) =>
        log.ReadAfterAsync(StreamName(conversationId), afterSequence, PageSize, cancellationToken);

    /// <summary>A Direct Line ActivitySet <c>{"activities":[…],"watermark":"n"}</c>, written from the stored JSON as is.</summary>
    public static void WriteActivitySet(IBufferWriter<byte> output, IReadOnlyList<LogEntry> entries, long watermark)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("activities");
        foreach (var entry in entries)
        {
            writer.WriteRawValue(entry.Body.Span, skipInputValidation: true);
        }
        writer.WriteEndArray();
        writer.WriteString("watermark", watermark.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private const int EchoNotClaimed = 0;
    private const int EchoWithTurn = 1;
    private const int EchoWithTyping = 2;

    /// <summary>The echo (when given) and the bot's replies as activities, in the order they are logged.</summary>
    private List<Activity> ReplyActivities(Activity incoming, IReadOnlyList<BotReply> replies, string? replyTo, Activity? echo)
    {
        var now = time.GetUtcNow();
        var activities = new List<Activity>(replies.Count + 1);
        if (echo is not null)
        {
            activities.Add(echo);
        }
        foreach (var reply in replies)
        {
            var activity = ActivityMapper.ToActivity(reply, incoming, now);
            activity.Id = NewActivityId(incoming.Conversation!.Id!);
            activity.ReplyToId = replyTo;
            activity.From = Bot;
            activities.Add(activity);
        }
        return activities;
    }

    private static ReadOnlyMemory<byte>[] Serialize(IReadOnlyList<Activity> activities)
    {
        var bodies = new ReadOnlyMemory<byte>[activities.Count];
        for (var i = 0; i < activities.Count; i++)
        {
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(activities[i], ProtocolJsonContext.Default.Activity);
        }
        return bodies;
    }

    private void Publish(string conversationId, IReadOnlyList<ReadOnlyMemory<byte>> bodies, IReadOnlyList<long> sequences)
    {
        var now = time.GetUtcNow();
        var entries = new LogEntry[sequences.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new LogEntry(sequences[i], bodies[i], now);
        }
        notifier.Publish(conversationId, entries);
    }

    private async Task AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        if (activities.Count == 0)
        {
            return;
        }
        var bodies = Serialize(activities);
        var sequences = await log.AppendAsync(StreamName(conversationId), bodies, cancellationToken).ConfigureAwait(false);
        Publish(conversationId, bodies, sequences);
    }

    private static string NewActivityId(string conversationId) => string.Concat(conversationId, "|", Base64UrlId(9));

    private static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Base64UrlId(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line conversation {Conversation} started")]
    private static partial void LogStarted(ILogger logger, string conversation);
}
