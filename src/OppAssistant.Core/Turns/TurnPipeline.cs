using System.Text.Json;
using Microsoft.Extensions.Logging;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Storage;

namespace OppAssistant.Core.Turns;

/// <summary>
/// The one turn pipeline behind both transports. Per turn: one state read, the bot's decision, one conditional
/// write of the state together with the documents the bot changed (<see cref="TurnDocuments"/>). It is the turn's single error boundary: whatever fails, the user gets the Dutch apology from
/// dialogs/common.yaml and the stored state stays as it was.
/// </summary>
public sealed partial class TurnPipeline(
    IDocumentStore store,
    IConversationBot bot,
    DialogCatalog dialogs,
    ConversationLocks locks,
    TimeProvider time,
    ILogger<TurnPipeline> logger) : ITurnPipeline
{
    public const string Collection = "conversations";

    /// <summary>A conflict means another instance wrote this conversation meanwhile; reread and decide again.</summary>
    private const int MaxAttempts = 3;

    public Task<TurnOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken) =>
        RunAsync(input, record: null, cancellationToken);

    public async Task<TurnOutcome> RunAsync(TurnInput input, Func<IReadOnlyList<BotReply>, LogAppend>? record, CancellationToken cancellationToken)
    {
        var key = input.Conversation.Value;
        using var _ = await locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            StoredDocument? stored;
            ConversationState state;
            IReadOnlyList<BotReply> replies;
            try
            {
                stored = await store.GetAsync(Collection, key, cancellationToken).ConfigureAwait(false);
                state = Read(stored, key);
                var documents = new TurnDocuments(store);
                replies = await bot.HandleAsync(state, input, documents, cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                if (state.Turns == 0)
                {
                    state.StartedAt = now;
                }
                state.LastTurnAt = now;
                state.Turns++;
                var stateWrite = new DocumentWrite(Collection, key, JsonSerializer.SerializeToUtf8Bytes(state, CoreJsonContext.Default.ConversationState), stored?.Version ?? 0);
                List<DocumentWrite> writes = [stateWrite, .. documents.Writes];
                var completed = TurnOutcome.Completed(replies) with { FollowUps = documents.FollowUps };
                if (record is null && writes.Count == 1)
                {
                    await store.PutAsync(Collection, key, stateWrite.Body, stateWrite.ExpectedVersion, cancellationToken).ConfigureAwait(false);
                    return completed;
                }
                var append = record?.Invoke(replies);
                var (_, sequences) = await store.WriteAsync(writes, append, cancellationToken).ConfigureAwait(false);
                return append is null ? completed : completed with { LoggedAppend = append, Logged = sequences };
            }
            catch (ConcurrencyConflictException)
            {
                LogConflict(LogIds.Of(key), attempt);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // The exception's own message may quote user input, so only its type and stack are logged.
                LogTurnFailed(LogIds.Of(key), input.Kind, e.GetType().FullName ?? e.GetType().Name, e.StackTrace);
                return Failure("error_apology");
            }
        }
        return Failure("conflict_retry");
    }

    private ConversationState Read(StoredDocument? stored, string key)
    {
        if (stored is null)
        {
            return new ConversationState();
        }
        try
        {
            return JsonSerializer.Deserialize(stored.Body.Span, CoreJsonContext.Default.ConversationState) ?? new ConversationState();
        }
        catch (JsonException)
        {
            // Unreadable state (a schema change gone wrong) must not lock the user out: start over, overwriting it.
            LogUnreadableState(LogIds.Of(key));
            return new ConversationState();
        }
    }

    private TurnOutcome Failure(string textKey) =>
        new([BotReply.FromText(dialogs.Common.Text(textKey))], TurnStatus.Failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn of conversation {Conversation} met a concurrent write (attempt {Attempt}); retrying")]
    private partial void LogConflict(string conversation, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn of conversation {Conversation} ({Kind}) failed with {ExceptionType}; state left unchanged\n{StackTrace}")]
    private partial void LogTurnFailed(string conversation, InputKind kind, string exceptionType, string? stackTrace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored state of conversation {Conversation} could not be read; starting the conversation over")]
    private partial void LogUnreadableState(string conversation);
}
