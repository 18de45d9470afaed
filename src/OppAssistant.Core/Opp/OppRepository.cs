using System.Security.Cryptography;
using System.Text.Json;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Opp;

/// <summary>Random ids and resume codes; tests replace it with a seeded one so transcripts stay the same.</summary>
public class RandomSource
{
    public virtual void Fill(Span<byte> bytes) => RandomNumberGenerator.Fill(bytes);
}

/// <summary>
/// OPPs as versioned documents, one per plan, with a small list per user for "mijn OPP's" and an entry per resume
/// code. Everything goes through the turn's <see cref="TurnDocuments"/>, so a plan, its list and the conversation
/// state are written in one transaction or not at all.
/// </summary>
public sealed class OppRepository(TimeProvider time, RandomSource random)
{
    public const string Collection = "opps";
    public const string UserIndexCollection = "opp-users";
    public const string ResumeCodeCollection = "opp-resume-codes";

    /// <summary>No 0/O or 1/I, so a code copied by hand survives; 32 symbols, 10 of them: 50 bits.</summary>
    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const int CodeLength = 10;

    public async Task<OppDocument?> GetAsync(TurnDocuments documents, string id, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, id, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, OppJsonContext.Default.OppDocument)
            : null;

    /// <summary>The plan a typed resume code opens, or null; the code is read forgiving case, spaces and dashes.</summary>
    public async Task<OppDocument?> FindByCodeAsync(TurnDocuments documents, string typed, CancellationToken cancellationToken)
    {
        if (NormalizeCode(typed) is not { } code
            || await documents.GetAsync(ResumeCodeCollection, code, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return null;
        }
        var entry = JsonSerializer.Deserialize(body.Span, OppJsonContext.Default.ResumeCodeEntry)!;
        return await GetAsync(documents, entry.OppId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new, empty plan owned by <paramref name="userKey"/>, with its own resume code.</summary>
    public async Task<OppDocument> CreateAsync(TurnDocuments documents, string userKey, CancellationToken cancellationToken)
    {
        string code;
        do
        {
            code = NewCode();
        }
        while (await documents.GetAsync(ResumeCodeCollection, code, cancellationToken).ConfigureAwait(false) is not null);
        var now = time.GetUtcNow();
        var opp = new OppDocument { Id = NewId(), OwnerKey = userKey, ResumeCode = code, CreatedAt = now, UpdatedAt = now };
        documents.Put(ResumeCodeCollection, code, JsonSerializer.SerializeToUtf8Bytes(new ResumeCodeEntry(opp.Id), OppJsonContext.Default.ResumeCodeEntry));
        await SaveAsync(documents, opp, userKey, cancellationToken).ConfigureAwait(false);
        return opp;
    }

    /// <summary>Stages the plan and lists it for <paramref name="userKey"/>, the user working on it now.</summary>
    public async Task SaveAsync(TurnDocuments documents, OppDocument opp, string userKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opp.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(userKey);
        await documents.GetAsync(Collection, opp.Id, cancellationToken).ConfigureAwait(false);
        opp.UpdatedAt = time.GetUtcNow();
        documents.Put(Collection, opp.Id, JsonSerializer.SerializeToUtf8Bytes(opp, OppJsonContext.Default.OppDocument));
        var summary = new OppSummary(opp.Id, opp.Pupil.Name, opp.Status, opp.UpdatedAt);
        var listed = await ListAsync(documents, userKey, cancellationToken).ConfigureAwait(false);
        // Answer after answer on the same plan leaves the list as it is: it shows the day, and this plan is already on top.
        var unchanged = listed.Count > 0 && listed[0] is var top && top.Id == opp.Id && top.PupilName == opp.Pupil.Name
            && top.Status == opp.Status && top.UpdatedAt.UtcDateTime.Date == opp.UpdatedAt.UtcDateTime.Date;
        if (!unchanged)
        {
            List<OppSummary> updated = [summary, .. listed.Where(e => e.Id != opp.Id)];
            documents.Put(UserIndexCollection, userKey, JsonSerializer.SerializeToUtf8Bytes(updated, OppJsonContext.Default.ListOppSummary));
        }
    }

    /// <summary>
    /// Stages the plan without listing it for anyone: for what a pupil adds through his own conversation, which must
    /// not make the plan one of "his" plans.
    /// </summary>
    public async Task StoreAsync(TurnDocuments documents, OppDocument opp, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opp.Id);
        await documents.GetAsync(Collection, opp.Id, cancellationToken).ConfigureAwait(false);
        opp.UpdatedAt = time.GetUtcNow();
        documents.Put(Collection, opp.Id, JsonSerializer.SerializeToUtf8Bytes(opp, OppJsonContext.Default.OppDocument));
    }

    /// <summary>A random id for a new document (a plan, an alert): 96 bits, lower-case hex.</summary>
    public string NewDocumentId() => NewId();

    /// <summary>The user's plans, most recently worked on first.</summary>
    public async Task<IReadOnlyList<OppSummary>> ListAsync(TurnDocuments documents, string userKey, CancellationToken cancellationToken) =>
        await documents.GetAsync(UserIndexCollection, userKey, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, OppJsonContext.Default.ListOppSummary)!
            : [];

    /// <summary>"abcde fghjk", "ABCDE-FGHJK" → "ABCDEFGHJK"; null when it cannot be a code.</summary>
    public static string? NormalizeCode(string? typed)
    {
        if (typed is null)
        {
            return null;
        }
        var code = string.Concat(typed.Where(c => c is not (' ' or '-' or '.'))).ToUpperInvariant();
        return code.Length == CodeLength && code.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>Shown as two groups of five: "ABCDE-FGHJK".</summary>
    public static string FormatCode(string code) => code.Length == CodeLength ? $"{code[..5]}-{code[5..]}" : code;

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[12];
        random.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string NewCode()
    {
        Span<byte> bytes = stackalloc byte[CodeLength];
        random.Fill(bytes);
        Span<char> code = stackalloc char[CodeLength];
        for (var i = 0; i < CodeLength; i++)
        {
            code[i] = CodeAlphabet[bytes[i] & 31];
        }
        return new string(code);
    }
}
