using OppAssistant.Core.Storage;

namespace OppAssistant.Core.Turns;

/// <summary>
/// The documents one turn reads and changes besides its conversation state (the teacher's plan, her list of
/// plans). Reads are remembered with their versions; changes are only staged, and the pipeline writes them in the
/// same transaction as the state. A conflict reruns the whole turn with fresh reads, so a turn never half-happens.
/// Slow work the turn asks for (<see cref="FollowUp"/>) is likewise only started once the turn is stored.
/// </summary>
public sealed class TurnDocuments(IDocumentStore store)
{
    private readonly List<FollowUp> followUps = [];
    private readonly Dictionary<(string Collection, string Key), StoredDocument?> read = [];
    private readonly Dictionary<(string Collection, string Key), ReadOnlyMemory<byte>> staged = [];

    /// <summary>The document as this turn sees it: its own staged change, else what the store held when first read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> GetAsync(string collection, string key, CancellationToken cancellationToken)
    {
        if (staged.TryGetValue((collection, key), out var body))
        {
            return body;
        }
        if (!read.TryGetValue((collection, key), out var stored))
        {
            stored = await store.GetAsync(collection, key, cancellationToken).ConfigureAwait(false);
            read[(collection, key)] = stored;
        }
        return stored?.Body;
    }

    /// <summary>Stages a write, conditional on the version this turn read (read it first; unread means "create").</summary>
    public void Put(string collection, string key, ReadOnlyMemory<byte> body) => staged[(collection, key)] = body;

    /// <summary>Asks for slow work after this turn; its result comes back as a turn of its own (<see cref="InputKind.FollowUp"/>).</summary>
    public void After(FollowUp followUp) => followUps.Add(followUp);

    public IReadOnlyList<FollowUp> FollowUps => followUps;

    /// <summary>The staged changes as conditional writes.</summary>
    public IEnumerable<DocumentWrite> Writes => staged.Select(s =>
        new DocumentWrite(s.Key.Collection, s.Key.Key, s.Value, read.GetValueOrDefault(s.Key)?.Version ?? 0));
}
