using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Evaluation;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Evaluation;

/// <summary>How often the evaluation reminder looks for adopted plans whose evaluation date has come.</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Evaluation";

    /// <summary>The time between two looks; the first is at start.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(6);
}

internal sealed class EvaluationOptionsValidator : IValidateOptions<EvaluationOptions>
{
    public ValidateOptionsResult Validate(string? name, EvaluationOptions options) =>
        options.CheckInterval < TimeSpan.FromMinutes(1) || options.CheckInterval > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail("Evaluation:CheckInterval must be between 00:01:00 and 1.00:00:00.")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// Reminds teachers of evaluations that are due (faq-brief §1.2: at least once a school year): on start and then
/// every <see cref="EvaluationOptions.CheckInterval"/>, stages the notices in one transaction
/// (<see cref="EvaluationReminders"/>) and then nudges each owner reminded, so Teams shows the notice at once where it
/// can (<see cref="IProactiveTurns"/>). A nudge that fails is only logged: the notice waits for her next message.
/// Logs counts and exception types only, never ids of people.
/// </summary>
public sealed partial class EvaluationReminderService(
    DocumentTransaction transaction,
    EvaluationReminders reminders,
    IProactiveTurns proactive,
    IOptions<EvaluationOptions> options,
    TimeProvider time,
    ILogger<EvaluationReminderService> logger) : BackgroundService
{
    /// <summary>One pending tick at most: a run that overruns an interval is not followed by a burst.</summary>
    private readonly Channel<bool> ticks = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ITimer? timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Fixed here, during start (ExecuteAsync runs later on the thread pool), so the schedule counts from the start.
        timer = time.CreateTimer(_ => ticks.Writer.TryWrite(true), null, TimeSpan.Zero, options.Value.CheckInterval);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        timer?.Dispose();
        base.Dispose();
    }

    /// <summary>One look: the notices of today's due evaluations, stored, then each owner nudged. Returns how many owners were reminded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> owners;
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            owners = await transaction.RunAsync((documents, ct) => reminders.DueAsync(documents, today, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(e.GetType().FullName ?? e.GetType().Name);
            return 0;
        }
        var reached = 0;
        foreach (var owner in owners)
        {
            try
            {
                if (await proactive.NudgeAsync(owner, TeacherNotices.FollowUpName, cancellationToken).ConfigureAwait(false))
                {
                    reached++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Best effort: the notice is stored and shown on her next message.
                LogNudgeFailed(e.GetType().FullName ?? e.GetType().Name);
            }
        }
        if (owners.Count > 0)
        {
            LogReminded(owners.Count, reached);
        }
        return owners.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in ticks.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation reminders: {Owners} teachers reminded, {Reached} reached at once")]
    private partial void LogReminded(int owners, int reached);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation reminders: the run failed ({ExceptionType}); the next run tries again")]
    private partial void LogRunFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation reminders: a nudge failed ({ExceptionType}); the notice waits for the next message")]
    private partial void LogNudgeFailed(string exceptionType);
}
