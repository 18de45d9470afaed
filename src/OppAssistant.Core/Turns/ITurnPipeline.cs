namespace OppAssistant.Core.Turns;

/// <summary>
/// Runs one turn behind every transport: reads the conversation state once, lets the bot decide, writes the
/// state back conditionally, and is the single error boundary of the turn.
/// </summary>
public interface ITurnPipeline
{
    Task<TurnOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken);
}
