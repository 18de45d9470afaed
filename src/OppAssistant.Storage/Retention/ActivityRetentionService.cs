using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Storage;

namespace OppAssistant.Storage.Retention;

/// <summary>
/// Deletes Direct Line activities older than <c>Storage:ActivityRetention</c>: they hold message text and are
/// only needed by clients that reconnect soon. Runs shortly after start, then every hour after that. Logs counts only.
/// </summary>
public sealed partial class ActivityRetentionService(
    IActivityLog log,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<ActivityRetentionService> logger) : BackgroundService
{
    /// <summary>Not at once: leave the first minute to start-up.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>One pending tick at most: a purge that overruns an interval is not followed by a burst.</summary>
    private readonly Channel<bool> ticks = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ITimer? timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The schedule is fixed here, during start, rather than in ExecuteAsync (which .NET 10 runs later on the
        // thread pool), so it counts from the moment the host starts.
        timer = time.CreateTimer(_ => ticks.Writer.TryWrite(true), null, StartDelay, Interval);
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in ticks.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.ActivityRetention;
        try
        {
            var purged = await log.PurgeOlderThanAsync(time.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
            LogPurged(purged, retention);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed purge must not stop the host; the next tick tries again. Type only: messages may quote data.
            LogPurgeFailed(e.GetType().FullName ?? e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity retention: purged {Count} entries older than {Retention}")]
    private partial void LogPurged(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity retention: purge failed with {ExceptionType}; retrying at the next interval")]
    private partial void LogPurgeFailed(string exceptionType);
}
