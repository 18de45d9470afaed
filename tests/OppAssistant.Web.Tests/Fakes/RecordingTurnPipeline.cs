using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Tests.Fakes;

/// <summary>A turn pipeline that records its inputs and answers after an optional delay.</summary>
public sealed class RecordingTurnPipeline(TimeSpan delay, params BotReply[] replies) : ITurnPipeline
{
    public System.Collections.Concurrent.ConcurrentQueue<TurnInput> Inputs { get; } = new();

    public async Task<TurnOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken)
    {
        Inputs.Enqueue(input);
        await Task.Delay(delay, cancellationToken);
        return TurnOutcome.Completed(replies);
    }

    /// <summary>Records nothing in a log: the /api/messages tests that use this fake never ask for it.</summary>
    public Task<TurnOutcome> RunAsync(TurnInput input, Func<IReadOnlyList<BotReply>, Core.Storage.LogAppend> record, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The /api/messages path does not log its replies.");
}
