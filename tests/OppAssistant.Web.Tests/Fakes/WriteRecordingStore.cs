using System.Collections.Concurrent;
using OppAssistant.Core.Storage;

namespace OppAssistant.Web.Tests.Fakes;

/// <summary>The real store, with the collection of every write (put, transaction, delete) recorded.</summary>
public sealed class WriteRecordingStore(IDocumentStore inner) : IDocumentStore
{
    public ConcurrentQueue<string> Writes { get; } = new();

    public Task<StoredDocument?> GetAsync(string collection, string key, CancellationToken cancellationToken) =>
        inner.GetAsync(collection, key, cancellationToken);

    public Task<long> PutAsync(string collection, string key, ReadOnlyMemory<byte> body, long expectedVersion, CancellationToken cancellationToken)
    {
        Writes.Enqueue(collection);
        return inner.PutAsync(collection, key, body, expectedVersion, cancellationToken);
    }

    public Task<(IReadOnlyList<long> Versions, IReadOnlyList<long> Sequences)> WriteAsync(
        IReadOnlyList<DocumentWrite> documents, LogAppend? append, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            Writes.Enqueue(document.Collection);
        }
        if (append is not null)
        {
            Writes.Enqueue("log:" + append.Stream);
        }
        return inner.WriteAsync(documents, append, cancellationToken);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken)
    {
        Writes.Enqueue(collection);
        return inner.DeleteAsync(collection, key, cancellationToken);
    }
}
