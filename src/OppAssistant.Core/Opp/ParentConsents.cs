namespace OppAssistant.Core.Opp;

/// <summary>Why a plan cannot be vastgesteld yet, as far as the parents' consent goes.</summary>
public enum AdoptionBlockKind
{
    /// <summary>No parent with gezag has agreed to the handelingsdeel yet.</summary>
    NoConsentYet,

    /// <summary>A parent with gezag said niet akkoord; <see cref="AdoptionBlock.Consent"/> holds the decision and the reasons.</summary>
    NotAgreed,
}

public sealed record AdoptionBlock(AdoptionBlockKind Kind, ParentConsent? Consent = null);

/// <summary>Whether the parents' consent allows the plan to be vastgesteld, and if not, why (each parent's reasons included).</summary>
public sealed record AdoptionCheck(IReadOnlyList<AdoptionBlock> Blocks)
{
    public bool CanBeAdopted => Blocks.Count == 0;
}

/// <summary>
/// The parents' consent on the handelingsdeel, read from the plan. Pure: the lifecycle (vaststellen) asks
/// <see cref="CanBeAdopted"/> before it lets the plan be adopted.
/// <para>
/// Sources: parents have the right of consent on the handelingsdeel, and so has each parent with custody
/// (faq-brief §1.3, 000 L264–265, L1049); without the parents' consent the school cannot adopt the plan
/// (stakeholders-and-law-brief §2.5, 002 L1002–1004); two parents who disagree: the plan cannot be adopted (003 L1556–1565).
/// </para>
/// </summary>
public static class ParentConsents
{
    /// <summary>The latest decision of each parent, in the order the parents first decided.</summary>
    public static IReadOnlyList<ParentConsent> Latest(OppDocument plan) =>
        plan.Parents is not { } parents
            ? []
            : parents.Consents.GroupBy(c => c.ParentId).Select(g => g.Last()).ToList();

    /// <summary>
    /// Not adoptable while any parent with gezag's latest decision is niet akkoord (each one is a block, with the
    /// reasons), or while no parent with gezag has agreed yet.
    /// </summary>
    public static AdoptionCheck CanBeAdopted(OppDocument plan)
    {
        var latest = Latest(plan).Where(c => c.HasCustody).ToList();
        var blocks = latest.Where(c => c.Decision == ConsentDecision.NotAgreed).Select(c => new AdoptionBlock(AdoptionBlockKind.NotAgreed, c)).ToList();
        if (blocks.Count == 0 && latest.All(c => c.Decision != ConsentDecision.Agreed))
        {
            blocks.Add(new AdoptionBlock(AdoptionBlockKind.NoConsentYet));
        }
        return new AdoptionCheck(blocks);
    }

    /// <summary>
    /// Why the plan cannot be vastgesteld yet, in Dutch (dialogs/draft.yaml, adoption_*): one sentence per parent who
    /// said niet akkoord, with the reasons, or that no parent with gezag agreed yet. Empty when it can.
    /// </summary>
    public static IReadOnlyList<string> Explain(AdoptionCheck check, Content.DraftDialog dialog) =>
        check.Blocks.Select(b => b.Kind == AdoptionBlockKind.NotAgreed
            ? dialog.Label("adoption_not_agreed",
                ("parent", b.Consent!.Label ?? dialog.Label("parent_unnamed")),
                ("reasons", b.Consent.Reasons?.Text ?? dialog.Label("not_filled")))
            : dialog.Label("adoption_no_consent")).ToList();

    /// <summary>At least one parent with gezag agreed and none with gezag said niet akkoord.</summary>
    public static bool HasConsent(OppDocument plan) => CanBeAdopted(plan).CanBeAdopted;
}
