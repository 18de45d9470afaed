namespace OppAssistant.Core.Storage;

/// <summary>One entry of an append-only stream; <see cref="Sequence"/> starts at 1 and increases by one.</summary>
public sealed record LogEntry(long Sequence, ReadOnlyMemory<byte> Body, DateTimeOffset CreatedAt);

/// <summary>
/// Append-only streams of JSON entries (the Direct Line activity log). The sequence number is the watermark a
/// client resumes from, so it must be dense and ordered per stream, also with several writers.
/// </summary>
public interface IActivityLog
{
    /// <summary>Appends the entries in order, in one transaction; returns their sequence numbers.</summary>
    Task<IReadOnlyList<long>> AppendAsync(string stream, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken);

    /// <summary>Entries with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAfterAsync(string stream, long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>Deletes entries created before <paramref name="cutoff"/> (retention); returns how many.</summary>
    Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

/// <summary>Answers whether the store can be reached, for /healthz.</summary>
public interface IStorageProbe
{
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>"sqlite" or "postgresql", for the start-up log.</summary>
    string ProviderName { get; }
}
