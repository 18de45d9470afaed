using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.FollowUps;

/// <summary>
/// Runs the slow work a stored turn asked for (<see cref="FollowUp"/>, e.g. an AI draft) outside the request, within
/// its timeout, then runs the follow-up turn with the result (or the failure) and lets the transport deliver its
/// replies: appended to the Direct Line log, or sent through the Bot Connector. At most a few run at once.
/// </summary>
internal sealed partial class FollowUpRunner(IHostApplicationLifetime lifetime, ILogger<FollowUpRunner> logger)
{
    public const string NameKey = "followUp";
    public const string OkKey = "ok";
    public const string ResultKey = "result";

    private readonly SemaphoreSlim slots = new(8);

    /// <summary>Runs and delivers the follow-up turn; it returns that turn's own follow-ups, which are started in turn.</summary>
    public delegate Task<IReadOnlyList<FollowUp>> Deliver(TurnInput followUpTurn, CancellationToken cancellationToken);

    public void Start(IReadOnlyList<FollowUp> followUps, TurnInput origin, Deliver deliver)
    {
        foreach (var followUp in followUps)
        {
            // On the thread pool: not even the work's first synchronous part may hold up the request that asked for it.
            _ = Task.Run(() => RunAsync(followUp, origin, deliver));
        }
    }

    private async Task RunAsync(FollowUp followUp, TurnInput origin, Deliver deliver)
    {
        var stopping = lifetime.ApplicationStopping;
        var conversation = LogIds.Of(origin.Conversation.Value);
        try
        {
            await slots.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var (ok, result) = await WorkAsync(followUp, stopping).ConfigureAwait(false);
            LogWorked(followUp.Name, conversation, ok, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            var input = new TurnInput(origin.Conversation, origin.UserId, InputKind.FollowUp, Value: Payload(followUp.Name, ok, result), Locale: origin.Locale)
            {
                UserKey = origin.UserKey,
            };
            var next = await deliver(input, stopping).ConfigureAwait(false);
            Start(next, origin, deliver);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The message may quote user input: type only.
            LogDeliveryFailed(followUp.Name, conversation, e.GetType().Name);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<(bool Ok, JsonElement? Result)> WorkAsync(FollowUp followUp, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(followUp.Timeout);
        try
        {
            return (true, await followUp.Work(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // Timeouts and failures become a follow-up turn too: the bot then says so and goes on without the result.
            LogWorkFailed(followUp.Name, e.GetType().Name);
            return (false, null);
        }
    }

    /// <summary>The value of a follow-up turn: <c>{"followUp": name, "ok": …, "result": …}</c>.</summary>
    internal static JsonElement Payload(string name, bool ok, JsonElement? result)
    {
        var payload = new Dictionary<string, JsonElement>
        {
            [NameKey] = JsonSerializer.SerializeToElement(name, FollowUpJsonContext.Default.String),
            [OkKey] = JsonSerializer.SerializeToElement(ok, FollowUpJsonContext.Default.Boolean),
        };
        if (result is { } value)
        {
            payload[ResultKey] = value;
        }
        return JsonSerializer.SerializeToElement(payload, FollowUpJsonContext.Default.DictionaryStringJsonElement);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {Name} for conversation {Conversation} worked: ok {Ok} in {Milliseconds} ms")]
    private partial void LogWorked(string name, string conversation, bool ok, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up {Name} failed with {ExceptionType}; the follow-up turn says so")]
    private partial void LogWorkFailed(string name, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Follow-up {Name} for conversation {Conversation} could not be delivered ({ExceptionType})")]
    private partial void LogDeliveryFailed(string name, string conversation, string exceptionType);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class FollowUpJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
