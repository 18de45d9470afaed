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
