using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Storage;

/// <summary>
/// Work on documents outside a conversation turn (the review page, a reminder): the same staged reads and writes as a
/// turn (<see cref="TurnDocuments"/>), stored in one transaction, and run again with fresh reads when someone else
/// wrote in between. The work must not have side effects besides the staged writes.
/// </summary>
public sealed class DocumentTransaction(IDocumentStore store)
{
    private const int Attempts = 5;

    public async Task<T> RunAsync<T>(Func<TurnDocuments, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            var documents = new TurnDocuments(store);
            var result = await work(documents, cancellationToken).ConfigureAwait(false);
            var writes = documents.Writes.ToList();
            if (writes.Count == 0)
            {
                return result;
            }
            try
            {
                await store.WriteAsync(writes, null, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // Someone else wrote one of these documents: read again and redo the work.
            }
        }
    }
}
