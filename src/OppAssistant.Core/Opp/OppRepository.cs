using System.Security.Cryptography;
using System.Text.Json;
using OppAssistant.Core.Storage;

namespace OppAssistant.Core.Opp;

/// <summary>
/// Stores OPPs as versioned documents, one per plan, plus a small index per owner for "mijn OPP's". The index is
/// derived from the plans: it is rewritten on every save, so a save whose index update lost a race is repaired by
/// the next one.
/// </summary>
public sealed class OppRepository(IDocumentStore store, TimeProvider time)
{
    public const string Collection = "opps";
    public const string OwnerIndexCollection = "opp-owners";

    private const int IndexAttempts = 20;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public async Task<(OppDocument Opp, long Version)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Collection, id, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? null
            : (JsonSerializer.Deserialize(stored.Body.Span, OppJsonContext.Default.OppDocument)!, stored.Version);
    }

    /// <summary>
    /// Saves the plan if it is still at <paramref name="expectedVersion"/> (0 for a new plan), and lists it for
    /// its owner. Throws <see cref="ConcurrencyConflictException"/> when someone else saved it meanwhile.
    /// </summary>
    public async Task<long> SaveAsync(OppDocument opp, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opp.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(opp.OwnerKey);
        var now = time.GetUtcNow();
        if (expectedVersion == 0)
        {
            opp.CreatedAt = now;
        }
        opp.UpdatedAt = now;
        var version = await store.PutAsync(
            Collection, opp.Id, JsonSerializer.SerializeToUtf8Bytes(opp, OppJsonContext.Default.OppDocument), expectedVersion, cancellationToken)
            .ConfigureAwait(false);
        await IndexAsync(opp, cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>The owner's plans, most recently changed first.</summary>
    public async Task<IReadOnlyList<OppSummary>> ListForOwnerAsync(string ownerKey, CancellationToken cancellationToken) =>
        (await ReadIndexAsync(ownerKey, cancellationToken).ConfigureAwait(false)).Entries;

    private async Task IndexAsync(OppDocument opp, CancellationToken cancellationToken)
    {
        var summary = new OppSummary(opp.Id, opp.Pupil.Name, opp.Status, opp.UpdatedAt);
        for (var attempt = 1; ; attempt++)
        {
            var (entries, version) = await ReadIndexAsync(opp.OwnerKey, cancellationToken).ConfigureAwait(false);
            var updated = entries.Where(e => e.Id != opp.Id).Append(summary).OrderByDescending(e => e.UpdatedAt).ToList();
            try
            {
                await store.PutAsync(
                    OwnerIndexCollection, opp.OwnerKey, JsonSerializer.SerializeToUtf8Bytes(updated, OppJsonContext.Default.ListOppSummary), version, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < IndexAttempts)
            {
                // Another plan of the same owner was saved at the same moment; merge with its entry and try again.
            }
        }
    }

    private async Task<(List<OppSummary> Entries, long Version)> ReadIndexAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(OwnerIndexCollection, ownerKey, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? ([], 0)
            : (JsonSerializer.Deserialize(stored.Body.Span, OppJsonContext.Default.ListOppSummary)!, stored.Version);
    }
}
