using System.Collections.Concurrent;
using OppAssistant.Core.Storage;

namespace OppAssistant.Core.Tests.Fakes;

/// <summary>A document store with the contract's concurrency semantics, for pipeline tests without a database.</summary>
internal sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly ConcurrentDictionary<(string, string), StoredDocument> documents = new();

    public int Writes { get; private set; }

    /// <summary>Runs once before the next write, to simulate another instance writing in between.</summary>
    public Func<Task>? BeforeNextWrite { get; set; }

    /// <summary>Makes the next write fail as a broken database would.</summary>
    public Exception? FailNextWrite { get; set; }

    public Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryGetValue((collection, key), out var document) ? document : null);

    public async Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        lock (documents)
        {
            var current = documents.TryGetValue((collection, key), out var existing) ? existing.Version : 0;
            if (current != expectedVersion)
            {
                throw new ConcurrencyConflictException(collection, expectedVersion);
            }
            documents[(collection, key)] = new StoredDocument(body.ToArray(), expectedVersion + 1);
            Writes++;
            return expectedVersion + 1;
        }
    }

    /// <summary>All or nothing, as in the real stores; the log part is kept in <see cref="Appended"/>.</summary>
    public async Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
        IReadOnlyList<DocumentWrite> writes, LogAppend? append, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        lock (documents)
        {
            foreach (var write in writes)
            {
                var current = documents.TryGetValue((write.Collection, write.Key), out var existing) ? existing.Version : 0;
                if (current != write.ExpectedVersion)
                {
                    throw new ConcurrencyConflictException(write.Collection, write.ExpectedVersion);
                }
            }
            foreach (var write in writes)
            {
                documents[(write.Collection, write.Key)] = new StoredDocument(write.Body.ToArray(), write.ExpectedVersion + 1);
                Writes++;
            }
            var first = Appended.Count + 1;
            Appended.AddRange(append?.Entries.Select(e => e.ToArray()) ?? []);
            return (writes.Select(w => w.ExpectedVersion + 1).ToList(), Enumerable.Range(first, append?.Entries.Count ?? 0).Select(i => (long)i).ToList());
        }
    }

    public List<byte[]> Appended { get; } = [];

    /// <summary>What a test asked to happen before the next write: another writer first, or a failure.</summary>
    private async Task BeforeWriteAsync()
    {
        if (BeforeNextWrite is { } before)
        {
            BeforeNextWrite = null;
            await before();
        }
        if (FailNextWrite is { } failure)
        {
            FailNextWrite = null;
            throw failure;
        }
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryRemove((collection, key), out _));
}
