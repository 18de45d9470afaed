using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Storage;
using OppAssistant.Storage.Retention;

namespace OppAssistant.Storage.Tests;

public sealed class ActivityRetentionServiceTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Purges_shortly_after_start_and_then_every_hour_with_the_configured_retention()
    {
        var log = new RecordingLog(time);
        var start = time.GetUtcNow();
        var retention = TimeSpan.FromHours(6);
        using var service = Service(log, retention);
        await service.StartAsync(Token);

        time.Advance(ActivityRetentionService.StartDelay - TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        var first = await log.NextAsync();
        time.Advance(ActivityRetentionService.Interval);
        var second = await log.NextAsync();
        time.Advance(ActivityRetentionService.Interval);
        var third = await log.NextAsync();
        await service.StopAsync(Token);

        Assert.Equal((start + ActivityRetentionService.StartDelay, start + ActivityRetentionService.StartDelay - retention), first);
        var hourly = start + ActivityRetentionService.StartDelay;
        Assert.Equal((hourly + TimeSpan.FromHours(1), hourly + TimeSpan.FromHours(1) - retention), second);
        Assert.Equal((hourly + TimeSpan.FromHours(2), hourly + TimeSpan.FromHours(2) - retention), third);
        Assert.Equal(3, log.Calls);
    }

    [Fact]
    public async Task Does_not_purge_before_the_start_delay()
    {
        var log = new RecordingLog(time);
        using var service = Service(log, TimeSpan.FromHours(24));
        await service.StartAsync(Token);

        time.Advance(ActivityRetentionService.StartDelay - TimeSpan.FromSeconds(1));
        await Task.Delay(100, Token);
        var callsBefore = log.Calls;
        time.Advance(TimeSpan.FromSeconds(1));
        await log.NextAsync();
        await service.StopAsync(Token);

        Assert.Equal(0, callsBefore);
    }

    [Fact]
    public async Task A_failed_purge_is_retried_at_the_next_interval_without_stopping_the_service()
    {
        var log = new RecordingLog(time) { FailFirst = true };
        var start = time.GetUtcNow();
        using var service = Service(log, TimeSpan.FromHours(24));
        await service.StartAsync(Token);

        time.Advance(ActivityRetentionService.StartDelay);
        await log.NextAsync();
        time.Advance(ActivityRetentionService.Interval);
        var retried = await log.NextAsync();
        await service.StopAsync(Token);

        Assert.Equal(start + ActivityRetentionService.StartDelay + ActivityRetentionService.Interval, retried.At);
        Assert.NotNull(service.ExecuteTask);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    private ActivityRetentionService Service(IActivityLog log, TimeSpan retention) =>
        new(log, Options.Create(new StorageOptions { ActivityRetention = retention }), time, NullLogger<ActivityRetentionService>.Instance);

    /// <summary>Records each purge as (time of the call, cutoff asked for).</summary>
    private sealed class RecordingLog(TimeProvider time) : IActivityLog
    {
        private readonly Channel<(DateTimeOffset At, DateTimeOffset Cutoff)> purges = Channel.CreateUnbounded<(DateTimeOffset, DateTimeOffset)>();
        private int calls;

        public bool FailFirst { get; init; }

        public int Calls => Volatile.Read(ref calls);

        public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref calls);
            purges.Writer.TryWrite((time.GetUtcNow(), cutoff));
            return call == 1 && FailFirst ? throw new InvalidOperationException("database gone") : Task.FromResult(0);
        }

        public async Task<(DateTimeOffset At, DateTimeOffset Cutoff)> NextAsync() =>
            await purges.Reader.ReadAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(15), Token);

        public Task<IReadOnlyList<long>> AppendAsync(string stream, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<LogEntry>> ReadAfterAsync(string stream, long afterSequence, int max, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
