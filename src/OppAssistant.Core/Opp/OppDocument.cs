using System.Text.Json.Serialization;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Lifecycle;

namespace OppAssistant.Core.Opp;

/// <summary>
/// The plan (ontwikkelingsperspectiefplan) in the order of its required parts (PRODUCT.md §2; faq-brief §1.1):
/// overzicht (factors), inzicht (analysis), uitzicht (perspective, goals, handelingsdeel), the pupil's voice, the
/// parents' part, and process data. Every text written by someone carries its <see cref="Provenance"/>.
/// </summary>
public sealed class OppDocument
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public string Id { get; set; } = "";

    /// <summary>The teacher who started the draft: her user key (see <see cref="Turns.TurnInput.UserKey"/>).</summary>
    public string OwnerKey { get; set; } = "";

    /// <summary>The code that opens this draft in any conversation on any channel (hervatcode); a bearer secret.</summary>
    public string ResumeCode { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Where the plan stands in its lifecycle (<see cref="OppLifecycle"/>); the state lives in <see cref="Lifecycle"/>.</summary>
    [JsonIgnore]
    public OppStatus Status => Lifecycle.State;

    /// <summary>The plan's lifecycle: its status and every transition so far (who, when, why), append-only.</summary>
    public PlanLifecycle Lifecycle { get; set; } = new();

    public PupilProfile Pupil { get; set; } = new();

    /// <summary>Overzicht: supporting and hindering factors in the three circles, recent and dated.</summary>
    public List<Factor> Factors { get; set; } = [];

    /// <summary>Inzicht: how come, and the weighing that underpins the perspective.</summary>
    public InsightPart Insight { get; set; } = new();

    /// <summary>Uitzicht, long term: chosen and argued by people; the software never proposes one.</summary>
    public OutflowPerspective Perspective { get; set; } = new();

    /// <summary>Uitzicht, short term.</summary>
    public List<ShortTermGoal> Goals { get; set; } = [];

    /// <summary>The handelingsdeel, which needs the parents' consent.</summary>
    public ActionPart ActionPart { get; set; } = new();

    /// <summary>At least once a school year (faq-brief §1.2).</summary>
    public List<DateOnly> EvaluationMoments { get; set; } = [];

    /// <summary>What the pupil said and how it changed the plan (hoorrecht); filled by the pupil's flow.</summary>
    public PupilVoice? PupilVoice { get; set; }

    /// <summary>The home circle, the parents' needs, their zienswijze and consent; filled by the parents' flow.</summary>
    public ParentPart? Parents { get; set; }

    /// <summary>Where the guided conversation about this plan stands, so it resumes in any conversation on any channel.</summary>
    public DraftProgress Draft { get; set; } = new();

    /// <summary>
    /// The evaluations of this plan, oldest first, append-only (faq-brief §1.2: at least once a school year). A next
    /// version carries them over, so the evaluation that started it is visible in it.
    /// </summary>
    public List<PlanEvaluation> Evaluations { get; set; } = [];

    /// <summary>1 for the first plan; an evaluation starts the next version (<see cref="Evaluation.EvaluationFlow"/>).</summary>
    public int Version { get; set; } = 1;

    /// <summary>The plan this version continues, after its evaluation; null for a first version.</summary>
    public string? PreviousVersionId { get; set; }
}

/// <summary>How far a short-term goal was reached at an evaluation, in the teacher's judgement.</summary>
public enum GoalOutcome
{
    Reached,
    Partly,
    NotReached,
}

/// <summary>The teacher's judgement of one goal: which goal (id and its number then), how far, and an optional note.</summary>
public sealed record GoalEvaluation(string GoalId, int Number, GoalOutcome Outcome, TextEntry? Note = null);

/// <summary>
/// One evaluation of a plan version: when, by whom (user key, no name), per goal reached or not, whether the pupil is on
/// course for the uitstroomperspectief and why, and what changes (faq-brief §2.1 "evalueren", §4.2 eindgesprek). The
/// teacher's words only: the software suggests no perspective and no placement.
/// </summary>
public sealed record PlanEvaluation(
    DateOnly Date,
    int OfVersion,
    string ByKey,
    IReadOnlyList<GoalEvaluation> Goals,
    bool OnCourse,
    TextEntry OnCourseWhy,
    TextEntry Changes);

/// <summary>What the bot waits for at a position: an answer, "nog een?", or "klopt dit?" after a phase or the summary.</summary>
public enum DraftMode
{
    Question,
    More,
    Confirm,
}

/// <summary>A question and which item of a list or group it fills (0 for single answers).</summary>
public sealed record QuestionRef(string QuestionId, int Item);

/// <summary>A place in the guided conversation: a phase, the summary or the finished draft. <see cref="QuestionId"/> is the last question of the phase in Confirm mode, null in the summary.</summary>
public sealed record DraftPosition(Teacher.TeacherStep Step, string? QuestionId, int Item, DraftMode Mode);

public sealed class DraftProgress
{
    /// <summary>The furthest point reached; going back or editing returns here.</summary>
    public DraftPosition? Frontier { get; set; }

    /// <summary>The answers given in order, newest last, for "terug" (bounded).</summary>
    public List<QuestionRef> Answered { get; set; } = [];

    /// <summary>Where drafting the needs stands, while the teacher is at that step.</summary>
    public NeedDraft? Needs { get; set; }

    /// <summary>The pupil's contribution being weighed, once the teacher chose used, partly or not used.</summary>
    public PendingWeighing? Weighing { get; set; }
}

/// <summary>A contribution of the pupil whose use the teacher chose; the reason comes next.</summary>
public sealed record PendingWeighing(string AnswerId, WeighingUse Use);

public enum NeedStage
{
    ChoosingCategory,
    Completing,
    Reviewing,
    Done,
}

/// <summary>The needs step: which goal and kind, the category chosen, and the sentence waiting for "goed zo".</summary>
public sealed class NeedDraft
{
    public NeedStage Stage { get; set; } = NeedStage.ChoosingCategory;

    public int Goal { get; set; }

    public NeedKind Kind { get; set; } = NeedKind.Educational;

    public string? Category { get; set; }

    public Need? Pending { get; set; }

    /// <summary>Need statements the AI suggested for this goal, kind and category (when AI drafting is on).</summary>
    public List<string> AiSuggestions { get; set; } = [];
}

/// <summary>The plan's lifecycle states (<see cref="OppLifecycle"/>); their Dutch names are in dialogs/lifecycle.yaml.</summary>
public enum OppStatus
{
    /// <summary>Concept: the teacher is writing it.</summary>
    Concept,

    /// <summary>Ter review: with the coordinator.</summary>
    InReview,

    /// <summary>Teruggestuurd: the coordinator sent it back, with a reason.</summary>
    Returned,

    /// <summary>Goedgekeurd by the coordinator.</summary>
    Approved,

    /// <summary>Wacht op instemming: the parents are asked to agree to the handelingsdeel.</summary>
    AwaitingConsent,

    /// <summary>Vastgesteld: adopted, with the parents' consent and the pupil's voice weighed.</summary>
    Adopted,

    /// <summary>Geëvalueerd: the yearly evaluation is recorded; the next version starts from here.</summary>
    Evaluated,
}

/// <summary>The plan's lifecycle state and its audit trail; only <see cref="OppLifecycle"/> changes them.</summary>
public sealed class PlanLifecycle
{
    public OppStatus State { get; set; } = OppStatus.Concept;

    /// <summary>Every transition, oldest first; append-only.</summary>
    public List<LifecycleTransition> History { get; set; } = [];
}

/// <summary>Only what the plan needs: a first name or pseudonym, never a full name, birth date or BSN.</summary>
public sealed class PupilProfile
{
    public string? Name { get; set; }

    /// <summary>"groep 6" in primary, "leerjaar 2" in secondary education.</summary>
    public string? GroupOrYear { get; set; }

    public SchoolType? SchoolType { get; set; }

    public string? Reason { get; set; }

    /// <summary>Who wrote the reason and when: the one free text of the pupil's part.</summary>
    public Provenance? ReasonSource { get; set; }
}

public enum SchoolType
{
    /// <summary>Regular primary (basisonderwijs).</summary>
    Po,

    /// <summary>Special primary (speciaal basisonderwijs).</summary>
    Sbo,

    /// <summary>Special education (speciaal onderwijs).</summary>
    So,

    /// <summary>Secondary (voortgezet onderwijs).</summary>
    Vo,
}

/// <summary>The three circles of the handreiking: the pupil, school, home (faq-brief §2.3).</summary>
public enum Circle
{
    Pupil,
    School,
    Home,
}

public enum Influence
{
    /// <summary>Bevorderend (+).</summary>
    Supporting,

    /// <summary>Belemmerend (−).</summary>
    Hindering,
}

public sealed record Factor(string Id, Circle Circle, Influence Influence, string Text, DateOnly ObservedOn, Provenance Source);

public sealed class InsightPart
{
    public TextEntry? Analysis { get; set; }

    /// <summary>Points still unclear, marked "(?)" in the circles, to be looked into (faq-brief §2.3).</summary>
    public List<TextEntry> OpenQuestions { get; set; } = [];
}

public sealed class OutflowPerspective
{
    /// <summary>One level or a double level ("vmbo-t/havo"), as the team chose it.</summary>
    public List<string> Levels { get; set; } = [];

    /// <summary>In PO, SBO and SO the perspective also says regular or special follow-on education (faq-brief §1.1).</summary>
    public FollowOnEducation? FollowOn { get; set; }

    /// <summary>The team's own onderbouwing.</summary>
    public TextEntry? Rationale { get; set; }
}

public enum FollowOnEducation
{
    Regular,
    Special,
}

/// <summary>The goal domains of the handreiking's OPP cycle (faq-brief §6).</summary>
public enum GoalDomain
{
    Learning,
    Motivation,
    SocialEmotional,
    Behaviour,
    Wellbeing,
}

/// <summary>A goal is filled in question by question, so its parts may still be missing; a guard keeps an unfinished goal out of the summary.</summary>
public sealed class ShortTermGoal
{
    public string Id { get; set; } = "";

    public GoalDomain? Domain { get; set; }

    public TextEntry? Description { get; set; }

    public TextEntry? SuccessCriterion { get; set; }

    public TextEntry? Monitoring { get; set; }

    public DateOnly? EvaluateOn { get; set; }

    public bool IsComplete => Domain is not null && Description is not null && SuccessCriterion is not null && Monitoring is not null && EvaluateOn is not null;
}

/// <summary>The four kinds of needs the hulpzinnen are written for (faq-brief §3.1).</summary>
public enum NeedKind
{
    /// <summary>Onderwijsbehoefte of the pupil (school).</summary>
    Educational,

    /// <summary>Opvoedbehoefte of the pupil (home).</summary>
    Parenting,

    /// <summary>Ondersteuningsbehoefte of the teacher.</summary>
    TeacherSupport,

    /// <summary>Ondersteuningsbehoefte of the parents.</summary>
    ParentSupport,
}

/// <summary>
/// A need statement, tied to the goal it serves. Composed from a hulpzin: <see cref="Category"/> is the frame's
/// category and <see cref="Completion"/> the ending the teacher wrote or picked; <see cref="Text"/> is the sentence.
/// </summary>
public sealed record Need(string Id, NeedKind Kind, string? GoalId, string Text, Provenance Source)
{
    public string? Category { get; init; }

    public TextEntry? Completion { get; init; }
}

/// <summary>An agreement of the handelingsdeel: wie doet wat, wanneer, hoe; filled in part by part.</summary>
public sealed class Agreement
{
    public string Id { get; set; } = "";

    public TextEntry? Who { get; set; }

    public TextEntry? What { get; set; }

    public TextEntry? When { get; set; }

    public TextEntry? How { get; set; }
}

public sealed class ActionPart
{
    public List<Need> Needs { get; set; } = [];

    public TextEntry? SupportAndApproach { get; set; }

    public List<Agreement> Agreements { get; set; } = [];
}

/// <summary>
/// The pupil's voice (hoorrecht): what he said in each conversation, verbatim and dated, how he took part, and for
/// each contribution whether and how it changed the plan (faq-brief §1.6 and §4.5).
/// </summary>
public sealed class PupilVoice
{
    /// <summary>One per invitation code the pupil used, oldest first.</summary>
    public List<PupilConversationRecord> Conversations { get; set; } = [];

    /// <summary>The teacher's words on how the pupil was involved besides the chat, or why he was not heard (yet).</summary>
    public TextEntry? HowInvolved { get; set; }

    /// <summary>The answers with something in them that the teacher must weigh.</summary>
    public IEnumerable<PupilAnswer> Contributions => Conversations.SelectMany(c => c.Answers).Where(a => a.IsContribution);
}

/// <summary>A conversation of the pupil with the assistant: when, in which age band, with whom, how it ended, and the answers.</summary>
public sealed class PupilConversationRecord
{
    public string Id { get; set; } = "";

    public Pupil.AgeBand Band { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The pupil's choice: alone or with someone (an option id of the band's dialog: alone, parents, teacher, other).</summary>
    public string? Company { get; set; }

    /// <summary>Null while the conversation is going on.</summary>
    public PupilConversationEnd? End { get; set; }

    public List<PupilAnswer> Answers { get; set; } = [];
}

public enum PupilConversationEnd
{
    /// <summary>All questions were asked.</summary>
    Finished,

    /// <summary>The pupil said stop.</summary>
    Stopped,

    /// <summary>The conversation was ended by the assistant; why is kept apart from the plan.</summary>
    Interrupted,
}

/// <summary>Where a pupil's answer belongs in the plan: the same three steps as the teacher's, and what he wants to ask, tell or show.</summary>
public enum PupilPart
{
    Overview,
    Insight,
    Outlook,
    Voice,
}

public enum PupilAnswerStatus
{
    Answered,

    /// <summary>"Dit wil ik niet zeggen": his right, recorded without anything else.</summary>
    NotSaying,

    /// <summary>Not understood, not even in simpler words: recorded with who was there to help (faq-brief §1.6).</summary>
    NotUnderstood,
}

/// <summary>Who typed the answer: the pupil, or the adult sitting with a young child.</summary>
public enum TypedBy
{
    Pupil,
    Adult,
}

/// <summary>One answer of the pupil, as he gave it: his words verbatim, or the smiley or picture he chose.</summary>
public sealed class PupilAnswer
{
    public string Id { get; set; } = "";

    public string QuestionId { get; set; } = "";

    public PupilPart Part { get; set; }

    public Circle? Circle { get; set; }

    public Influence? Influence { get; set; }

    /// <summary>The question as it was put to him: the simpler version when he asked for it.</summary>
    public string Asked { get; set; } = "";

    public bool Simplified { get; set; }

    public PupilAnswerStatus Status { get; set; }

    /// <summary>His own words, exactly as typed.</summary>
    public string? Text { get; set; }

    /// <summary>The smiley or picture he chose, by its label ("Fijn"); <see cref="ScaleValue"/> holds a smiley's place on the scale.</summary>
    public string? Choice { get; set; }

    public int? ScaleValue { get; set; }

    public TypedBy TypedBy { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The teacher's weighing: whether and how it changed the plan.</summary>
    public PupilWeighing? Weighing { get; set; }

    public bool IsContribution => Status == PupilAnswerStatus.Answered && (Text is not null || Choice is not null);

    /// <summary>What he said, as shown to the teacher.</summary>
    public string Words => Text ?? Choice ?? "";
}

/// <summary>Whether a contribution was used in the plan, and the teacher's reason and what changed.</summary>
public sealed record PupilWeighing(WeighingUse Use, TextEntry Why);

public enum WeighingUse
{
    Used,
    Partly,
    NotUsed,
}

/// <summary>
/// Filled by the parents' flow (<see cref="Parent.ParentPlanFlow"/>): per parent who came in with a code, the home
/// circle, their needs and their zienswijze, in their own words; and every consent decision on the handelingsdeel,
/// append-only, so a changed decision is a new entry and never an overwrite.
/// </summary>
public sealed class ParentPart
{
    /// <summary>One per invitation code a parent used, oldest first.</summary>
    public List<ParentContribution> Contributions { get; set; } = [];

    /// <summary>Every decision on the handelingsdeel, oldest first; the latest per parent counts (<see cref="ParentConsents"/>).</summary>
    public List<ParentConsent> Consents { get; set; } = [];

    /// <summary>Until when the teacher was told what the parents added or decided; newer is news for her.</summary>
    public DateTimeOffset? TeacherToldAt { get; set; }
}

/// <summary>
/// What one parent said in one conversation: who he or she is to the child (a label, never a name), whether he or
/// she has gezag, what goes well and what is hard at home, their needs (the hulpzinnen, faq-brief §3.1) and their view.
/// </summary>
public sealed class ParentContribution
{
    public string Id { get; set; } = "";

    /// <summary>"Moeder", "Vader", "Verzorger" …, as chosen from dialogs/parent-plan.yaml.</summary>
    public string? Label { get; set; }

    /// <summary>Gezag: only a parent with gezag gives consent on the handelingsdeel (faq-brief §1.3, 000 L1049).</summary>
    public bool? HasCustody { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The channel the parent used (directline for Web Chat).</summary>
    public string Channel { get; set; } = "";

    /// <summary>Thuis (+): what goes well at home.</summary>
    public List<TextEntry> GoesWellAtHome { get; set; } = [];

    /// <summary>Thuis (−): what is hard at home.</summary>
    public List<TextEntry> HardAtHome { get; set; } = [];

    /// <summary>Opvoedbehoeften and the parents' own ondersteuningsbehoeften, composed with the hulpzinnen.</summary>
    public List<Need> Needs { get; set; } = [];

    public TextEntry? Zienswijze { get; set; }

    public bool HasWords => GoesWellAtHome.Count > 0 || HardAtHome.Count > 0 || Needs.Count > 0 || Zienswijze is not null;
}

public enum ConsentDecision
{
    /// <summary>Akkoord met het handelingsdeel.</summary>
    Agreed,

    /// <summary>Niet akkoord: the plan cannot be vastgesteld (stakeholders-and-law-brief §2.5, 002 L1002–1004).</summary>
    NotAgreed,
}

/// <summary>
/// One decision of one parent on the handelingsdeel: who (label and gezag, no name), what, why (in the parent's words),
/// when, on which channel and in which conversation.
/// </summary>
public sealed record ParentConsent(
    string ParentId, string? Label, bool HasCustody, ConsentDecision Decision, DateTimeOffset At, string Channel, string ConversationId)
{
    /// <summary>Required for niet akkoord, optional for akkoord.</summary>
    public TextEntry? Reasons { get; init; }
}

/// <summary>A free text with where it came from.</summary>
public sealed record TextEntry(string Text, Provenance Source);

/// <summary>Who wrote a text, answering which question, when, and whether a person, a template or AI composed it.</summary>
public sealed record Provenance(Role Role, string? QuestionId, DateTimeOffset At, TextOrigin Origin);

public enum TextOrigin
{
    Person,
    Template,
    Ai,
}

/// <summary>One line of "mijn OPP's": enough to choose a plan, nothing more.</summary>
public sealed record OppSummary(string Id, string? PupilName, OppStatus Status, DateTimeOffset UpdatedAt);

/// <summary>A resume code's entry: which plan it opens.</summary>
public sealed record ResumeCodeEntry(string OppId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(OppDocument))]
[JsonSerializable(typeof(List<OppSummary>))]
[JsonSerializable(typeof(ResumeCodeEntry))]
internal sealed partial class OppJsonContext : JsonSerializerContext;
