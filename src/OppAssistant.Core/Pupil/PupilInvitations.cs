using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Pupil;

/// <summary>A code the teacher gave the pupil: which plan, which age band, until when, and whether it was used.</summary>
public sealed record PupilInvitation(string Code, string OppId, AgeBand Band, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? UsedAt { get; init; }
}

public enum RedeemStatus
{
    Accepted,

    /// <summary>No such code. The pupil hears the same kind words for every refusal: a code tells nothing about a plan.</summary>
    Unknown,
    Expired,
    Used,
}

public sealed record Redemption(RedeemStatus Status, PupilInvitation? Invitation);

/// <summary>
/// Single-use, expiring codes that let a pupil into his own conversation about his plan, without a name or a login
/// (PRODUCT.md §7). Eight symbols of the resume code's alphabet (40 bits): short enough to type for a child with an
/// adult, and a different length from the teacher's resume code, so the two are never confused.
/// </summary>
public sealed class PupilInvitations(TimeProvider time, RandomSource random)
{
    public const string Collection = "pupil-invitations";

    public const int CodeLength = 8;

    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>How long a code works: a week, long enough to plan the conversation in class or at home.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public async Task<PupilInvitation> CreateAsync(TurnDocuments documents, OppDocument opp, AgeBand band, CancellationToken cancellationToken)
    {
        string code;
        do
        {
            code = NewCode();
        }
        while (await documents.GetAsync(Collection, code, cancellationToken).ConfigureAwait(false) is not null);
        var now = time.GetUtcNow();
        var invitation = new PupilInvitation(code, opp.Id, band, now, now + ValidFor);
        documents.Put(Collection, code, JsonSerializer.SerializeToUtf8Bytes(invitation, PupilJsonContext.Default.PupilInvitation));
        return invitation;
    }

    /// <summary>The invitation a typed code names, used or not, or null; for recognising a code typed before any role is chosen.</summary>
    public async Task<PupilInvitation?> FindAsync(TurnDocuments documents, string? typed, CancellationToken cancellationToken) =>
        NormalizeCode(typed) is { } code && await documents.GetAsync(Collection, code, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, PupilJsonContext.Default.PupilInvitation)
            : null;

    /// <summary>Accepts a valid code and marks it used in the same turn, so it opens one conversation only.</summary>
    public async Task<Redemption> RedeemAsync(TurnDocuments documents, string? typed, CancellationToken cancellationToken)
    {
        if (await FindAsync(documents, typed, cancellationToken).ConfigureAwait(false) is not { } invitation)
        {
            return new Redemption(RedeemStatus.Unknown, null);
        }
        var now = time.GetUtcNow();
        if (invitation.UsedAt is not null)
        {
            return new Redemption(RedeemStatus.Used, invitation);
        }
        if (now >= invitation.ExpiresAt)
        {
            return new Redemption(RedeemStatus.Expired, invitation);
        }
        var used = invitation with { UsedAt = now };
        documents.Put(Collection, invitation.Code, JsonSerializer.SerializeToUtf8Bytes(used, PupilJsonContext.Default.PupilInvitation));
        return new Redemption(RedeemStatus.Accepted, used);
    }

    /// <summary>"abcd efgh", "ABCD-EFGH" → "ABCDEFGH"; null when it cannot be a pupil's code.</summary>
    public static string? NormalizeCode(string? typed)
    {
        if (typed is null || typed.Length > 20)
        {
            return null;
        }
        var code = string.Concat(typed.Where(c => c is not (' ' or '-' or '.'))).ToUpperInvariant();
        return code.Length == CodeLength && code.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>Shown as two groups of four: "ABCD-EFGH".</summary>
    public static string FormatCode(string code) => code.Length == CodeLength ? $"{code[..4]}-{code[4..]}" : code;

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

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PupilInvitation))]
[JsonSerializable(typeof(SafeguardingAlert))]
internal sealed partial class PupilJsonContext : JsonSerializerContext;
