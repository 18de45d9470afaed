using System.Collections.Concurrent;
using OppAssistant.Core.Storage;

namespace OppAssistant.Web.Tests.Fakes;

/// <summary>
/// Stand-in until the SQLite store lands on main: registered with TryAdd, so the real store wins once
/// AddStorage registers one. Drop this file then.
/// </summary>
public sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly ConcurrentDictionary<(string, string), StoredDocument> documents = new();

    public Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryGetValue((collection, key), out var document) ? document : null);

    public Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        var copy = new StoredDocument(body.ToArray(), expectedVersion + 1);
        var written = expectedVersion == 0
            ? documents.TryAdd((collection, key), copy)
            : documents.TryGetValue((collection, key), out var current) && current.Version == expectedVersion
                && documents.TryUpdate((collection, key), copy, current);
        return written ? Task.FromResult(copy.Version) : throw new ConcurrencyConflictException(collection, expectedVersion);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryRemove((collection, key), out _));
}
