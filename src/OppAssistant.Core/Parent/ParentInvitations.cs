using System.Text.Json;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Parent;

/// <summary>A code the teacher gave one parent: which plan, until when, and whether it was used.</summary>
public sealed record ParentInvitation(string Code, string OppId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? UsedAt { get; init; }
}

public sealed record ParentRedemption(RedeemStatus Status, ParentInvitation? Invitation);

/// <summary>
/// Single-use codes that let one parent into the parents' part of a plan, without a name or a login: one code per
/// parent with gezag, each valid <see cref="PupilInvitations.ValidFor"/>. The same shape as the pupil's code
/// (ABCD-EFGH), in a collection of its own; a new code is never one a pupil already has.
/// </summary>
public sealed class ParentInvitations(TimeProvider time, RandomSource random)
{
    public const string Collection = "parent-invitations";

    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public async Task<ParentInvitation> CreateAsync(TurnDocuments documents, OppDocument opp, CancellationToken cancellationToken)
    {
        string code;
        do
        {
            code = NewCode();
        }
        while (await documents.GetAsync(Collection, code, cancellationToken).ConfigureAwait(false) is not null
            || await documents.GetAsync(PupilInvitations.Collection, code, cancellationToken).ConfigureAwait(false) is not null);
        var now = time.GetUtcNow();
        var invitation = new ParentInvitation(code, opp.Id, now, now + PupilInvitations.ValidFor);
        Put(documents, invitation);
        return invitation;
    }

    /// <summary>The invitation a typed code names, used or not, or null.</summary>
    public async Task<ParentInvitation?> FindAsync(TurnDocuments documents, string? typed, CancellationToken cancellationToken) =>
        PupilInvitations.NormalizeCode(typed) is { } code && await documents.GetAsync(Collection, code, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, ParentJsonContext.Default.ParentInvitation)
            : null;

    /// <summary>Accepts a valid code and marks it used in the same turn, so it opens one conversation only.</summary>
    public async Task<ParentRedemption> RedeemAsync(TurnDocuments documents, string? typed, CancellationToken cancellationToken)
    {
        if (await FindAsync(documents, typed, cancellationToken).ConfigureAwait(false) is not { } invitation)
        {
            return new ParentRedemption(RedeemStatus.Unknown, null);
        }
        var now = time.GetUtcNow();
        if (invitation.UsedAt is not null)
        {
            return new ParentRedemption(RedeemStatus.Used, invitation);
        }
        if (now >= invitation.ExpiresAt)
        {
            return new ParentRedemption(RedeemStatus.Expired, invitation);
        }
        var used = invitation with { UsedAt = now };
        Put(documents, used);
        return new ParentRedemption(RedeemStatus.Accepted, used);
    }

    private static void Put(TurnDocuments documents, ParentInvitation invitation) =>
        documents.Put(Collection, invitation.Code, JsonSerializer.SerializeToUtf8Bytes(invitation, ParentJsonContext.Default.ParentInvitation));

    private string NewCode()
    {
        Span<byte> bytes = stackalloc byte[PupilInvitations.CodeLength];
        random.Fill(bytes);
        Span<char> code = stackalloc char[PupilInvitations.CodeLength];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = CodeAlphabet[bytes[i] & 31];
        }
        return new string(code);
    }
}
