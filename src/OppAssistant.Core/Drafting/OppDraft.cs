using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Drafting;

/// <summary>
/// The parts of the draft, in the order of the required parts of an OPP (PRODUCT.md §2; faq-brief §1.1, §2.1;
/// stakeholders-and-law-brief §2.4): the pupil and the reason, overzicht, inzicht, uitstroomperspectief, short-term
/// goals, handelingsdeel, evaluation, the pupil's voice and the parents' part. The order of this enum is the order of
/// the draft; dialogs/draft.yaml must list its sections in the same order.
/// </summary>
public enum DraftSectionKind
{
    Pupil,
    Overview,
    Insight,
    Perspective,
    Goals,
    ActionPart,
    Evaluation,
    PupilVoice,
    Parents,
}

/// <summary>How a block of a section is shown.</summary>
public enum DraftBlockKind
{
    /// <summary>A heading inside a section (a circle, a goal, a kind of need, an agreement): <see cref="DraftBlock.Label"/> only.</summary>
    Subheading,

    /// <summary>A labelled value ("Succescriterium: …"); no sentences means not filled in, with <see cref="DraftBlock.Note"/> saying so.</summary>
    Field,

    /// <summary>A list item with a short mark as its label ("+", "−", "(?)") or none, and an optional note (a factor's date).</summary>
    Item,

    /// <summary>A longer text under a subheading of its own (the support and approach), without label.</summary>
    Paragraph,

    /// <summary>A line of the assistant's own text (nothing filled in yet, a part still to come): <see cref="DraftBlock.Label"/> only.</summary>
    Note,
}

/// <summary>A sentence of the draft with where it came from; null for choices and dates the plan stores without provenance.</summary>
public sealed record DraftSentence(string Text, Provenance? Source);

/// <summary>One block of a section; its <see cref="Label"/> and <see cref="Note"/> are content from dialogs/draft.yaml, its sentences come from the plan.</summary>
public sealed record DraftBlock(DraftBlockKind Kind, string? Label, IReadOnlyList<DraftSentence> Sentences, string? Note = null);

/// <summary>A section of the draft. <see cref="Pending"/>: the part is still to come (the pupil's or the parents' part, not yet given).</summary>
public sealed record DraftSection(DraftSectionKind Kind, string Title, IReadOnlyList<DraftBlock> Blocks, bool Pending);

/// <summary>The estimated length of the printed draft (see <see cref="PageEstimate"/>), with the texts to show; <see cref="Warning"/> only above the maximum.</summary>
public sealed record DraftLength(double Lines, double Pages, string Estimate, string? Warning)
{
    public bool TooLong => Warning is not null;
}

/// <summary>What the plan still lacks for a required part, in the order of the draft.</summary>
public enum MissingPartKind
{
    PupilReason,
    FactorsPupil,
    FactorsSchool,
    FactorsHome,
    FactorsSupporting,
    FactorsHinderingEnvironment,
    InsightAnalysis,
    PerspectiveLevels,
    PerspectiveFollowOn,
    PerspectiveRationale,
    Goals,
    GoalIncomplete,
    NeedsEducational,
    NeedsParenting,
    NeedsTeacherSupport,
    NeedsParentSupport,
    NeedWithoutGoal,
    SupportAndApproach,
    Agreements,
    AgreementIncomplete,
    EvaluationMoments,
    PupilVoice,
    PupilVoiceIncomplete,
    Parents,
    ParentsConsent,
}

/// <summary>A part that is empty or incomplete: the section it belongs to, a short Dutch text, and the sources that make it required.</summary>
public sealed record MissingPart(MissingPartKind Kind, DraftSectionKind Section, string Text, IReadOnlyList<string> Sources);

/// <summary>The assembled draft OPP: its sections in the required order, its estimated length, and what is still missing.</summary>
public sealed record OppDraft(string Title, string Status, IReadOnlyList<DraftSection> Sections, DraftLength Length, IReadOnlyList<MissingPart> Missing)
{
    public DraftSection Section(DraftSectionKind kind) => Sections.First(s => s.Kind == kind);

    /// <summary>Every sentence of the draft, in reading order.</summary>
    public IEnumerable<DraftSentence> Sentences => Sections.SelectMany(s => s.Blocks).SelectMany(b => b.Sentences);

    public bool IsComplete => Missing.Count == 0;
}
