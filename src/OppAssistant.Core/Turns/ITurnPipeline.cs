namespace OppAssistant.Core.Turns;

/// <summary>
/// Runs one turn behind every transport: reads the conversation state once, lets the bot decide, writes the
/// state back conditionally, and is the single error boundary of the turn.
/// </summary>
public interface ITurnPipeline
{
    Task<TurnOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync(TurnInput, CancellationToken)"/>, and the replies, turned into log entries by
    /// <paramref name="record"/>, are appended in the same transaction as the state (a transactional outbox).
    /// <see cref="TurnOutcome.Logged"/> then holds their sequence numbers; a failed turn logs nothing.
    /// </summary>
    Task<TurnOutcome> RunAsync(TurnInput input, Func<IReadOnlyList<BotReply>, Storage.LogAppend> record, CancellationToken cancellationToken);
}
