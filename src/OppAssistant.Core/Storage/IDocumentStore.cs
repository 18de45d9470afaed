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
    /// Several conditional writes, and optionally an append to an activity-log stream, in one transaction: all
    /// happen or none (one stale version fails the whole write with <see cref="ConcurrencyConflictException"/> and
    /// appends nothing). A turn uses it so the conversation's state, the documents it changed and the replies it
    /// logged never disagree, and it waits for one commit. Returns the new versions (in order) and the sequences.
    /// </summary>
    Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
        IReadOnlyList<DocumentWrite> documents, LogAppend? append, CancellationToken cancellationToken);

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

/// <summary>One conditional document write of <see cref="IDocumentStore.WriteAsync"/>; version 0 means "create".</summary>
public sealed record DocumentWrite(string Collection, string Key, ReadOnlyMemory<byte> Body, long ExpectedVersion);

/// <summary>Entries to append to one activity-log stream together with document writes.</summary>
public sealed record LogAppend(string Stream, IReadOnlyList<ReadOnlyMemory<byte>> Entries);
