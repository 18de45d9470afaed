namespace OppAssistant.Core.Storage;

/// <summary>A stored JSON document and the version it had when read.</summary>
public sealed record StoredDocument(ReadOnlyMemory<byte> Body, long Version);

/// <summary>
/// Versioned JSON documents by collection and key, with optimistic concurrency: a write names the version it
/// read, and fails with <see cref="ConcurrencyConflictException"/> when someone else wrote in between.
/// </summary>
public interface IDocumentStore
{
    Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="body"/> (UTF-8 JSON) if the stored version still equals
    /// <paramref name="expectedVersion"/>; 0 means "must not exist yet". Returns the new version.
    /// </summary>
    Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="PutAsync"/> and an append to an activity-log stream in one transaction: both happen or neither
    /// (a conflict appends nothing). A conversation's state and the replies it logged then never disagree, and a
    /// turn waits for one commit instead of two. Returns the new version and the entries' sequence numbers.
    /// </summary>
    Task<(long Version, IReadOnlyList<long> Sequences)> PutAndAppendAsync(
        string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, LogAppend append, CancellationToken cancellationToken);

    /// <summary>Deletes the document; returns false when there was none.</summary>
    Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken);
}

/// <summary>Thrown when a conditional write finds a version other than the one the writer read.</summary>
public sealed class ConcurrencyConflictException(string collection, long expectedVersion)
    : Exception($"The document in '{collection}' changed since version {expectedVersion} was read.")
{
    public string Collection { get; } = collection;

    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>Entries to append to one activity-log stream together with a document write.</summary>
public sealed record LogAppend(string Stream, IReadOnlyList<ReadOnlyMemory<byte>> Entries);
