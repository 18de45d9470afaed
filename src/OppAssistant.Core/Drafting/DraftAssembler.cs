using System.Globalization;
using System.Text.RegularExpressions;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Drafting;

/// <summary>
/// Turns a plan into the draft OPP, in the order of its required parts (<see cref="DraftSectionKind"/>): every text of
/// the plan becomes sentences that keep their <see cref="Provenance"/>, every heading and label comes from
/// dialogs/draft.yaml. Adds the estimated length in A4 (<see cref="PageEstimate"/>) and what is still missing
/// (<see cref="MissingParts"/>). Render it for chat with <see cref="DraftMarkdown"/>.
/// <para>
/// The assembler only arranges what people wrote: it adds no sentence of its own to the plan's content, and in
/// particular never an uitstroomperspectief (PRODUCT.md §5).
/// </para>
/// </summary>
public sealed partial class DraftAssembler
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private readonly DraftDialog dialog;

    /// <summary>The names of the levels, as the teacher chose them (teacher.yaml, the choices of perspective.levels).</summary>
    private readonly IReadOnlyDictionary<string, string> levelLabels;

    /// <summary>The Dutch names of the lifecycle's states (dialogs/lifecycle.yaml), for the status line; none: draft.yaml's "status".</summary>
    private readonly IReadOnlyDictionary<OppStatus, string>? states;

    /// <summary>With other texts than dialogs/draft.yaml's (the plain words a parent reads); levels are shown as stored.</summary>
    public DraftAssembler(DraftDialog dialog, IReadOnlyDictionary<OppStatus, string>? states = null)
    {
        this.dialog = dialog;
        this.states = states;
        levelLabels = new Dictionary<string, string>();
    }

    public DraftAssembler(DialogCatalog dialogs)
    {
        dialog = dialogs.Draft;
        states = dialogs.Lifecycle.States;
        levelLabels = dialogs.Teacher.Questions
            .Where(q => q.Slot.Name == "perspective.levels")
            .SelectMany(q => q.Choices)
            .ToDictionary(c => c.Value, c => c.Label, StringComparer.Ordinal);
    }

    public OppDraft Assemble(OppDocument opp)
    {
        var title = opp.Pupil.Name is { Length: > 0 } name ? dialog.Label("title", ("name", name)) : dialog.Label("title_unnamed");
        List<DraftSection> sections =
        [
            Section(DraftSectionKind.Pupil, PupilBlocks(opp)),
            Section(DraftSectionKind.Overview, OverviewBlocks(opp)),
            Section(DraftSectionKind.Insight, InsightBlocks(opp)),
            Section(DraftSectionKind.Perspective, PerspectiveBlocks(opp)),
            Section(DraftSectionKind.Goals, GoalBlocks(opp)),
            Section(DraftSectionKind.ActionPart, ActionBlocks(opp)),
            Section(DraftSectionKind.Evaluation, EvaluationBlocks(opp)),
            MissingParts.IsEmpty(opp.PupilVoice) ? Pending(DraftSectionKind.PupilVoice) : Section(DraftSectionKind.PupilVoice, PupilVoiceBlocks(opp.PupilVoice)),
            MissingParts.IsEmpty(opp.Parents) ? Pending(DraftSectionKind.Parents) : Section(DraftSectionKind.Parents, ParentBlocks(opp, opp.Parents)),
        ];
        // The status line says where the plan stands (ter review, vastgesteld …), not always "concept".
        var status = states?.GetValueOrDefault(opp.Status) ?? dialog.Label("status");
        return new OppDraft(title, status, sections, Length(title, sections), MissingParts.Of(opp, dialog));
    }

    private DraftLength Length(string title, IReadOnlyList<DraftSection> sections)
    {
        var lines = PageEstimate.Lines(title, sections);
        var pages = PageEstimate.Pages(lines);
        var shown = Format(pages);
        var estimate = DraftDialog.Fill(dialog.Length.Estimate, ("pages", shown), ("target", Format(PageEstimate.TargetPages)));
        var warning = pages > PageEstimate.MaximumPages
            ? DraftDialog.Fill(dialog.Length.TooLong, ("pages", shown), ("max", Format(PageEstimate.MaximumPages)))
            : null;
        return new DraftLength(lines, pages, estimate, warning);
    }

    private DraftSection Section(DraftSectionKind kind, List<DraftBlock> blocks) => new(kind, dialog.Section(kind).Title, blocks, Pending: false);

    private DraftSection Pending(DraftSectionKind kind) => new(kind, dialog.Section(kind).Title, [Note(dialog.Section(kind).Pending!)], Pending: true);

    private List<DraftBlock> PupilBlocks(OppDocument opp) =>
    [
        Field("name", Plain(opp.Pupil.Name)),
        Field("school_type", Plain(opp.Pupil.SchoolType is { } type ? dialog.SchoolTypes[type] : null)),
        Field("group_or_year", Plain(opp.Pupil.GroupOrYear)),
        Field("reason", opp.Pupil.Reason is { } reason && opp.Pupil.ReasonSource is { } written ? Sentences(reason, written) : Plain(opp.Pupil.Reason)),
    ];

    /// <summary>Per circle (pupil, school, home) what helps (+) and then what hinders (−), each with the day it was noted.</summary>
    private List<DraftBlock> OverviewBlocks(OppDocument opp)
    {
        var blocks = new List<DraftBlock>();
        foreach (var circle in Enum.GetValues<Circle>())
        {
            blocks.Add(Subheading(dialog.Circles[circle]));
            var factors = opp.Factors.Where(f => f.Circle == circle).OrderBy(f => f.Influence).ToList();
            if (factors.Count == 0)
            {
                blocks.Add(Note(dialog.Label("nothing_yet")));
            }
            blocks.AddRange(factors.Select(f => new DraftBlock(
                DraftBlockKind.Item, dialog.Influences[f.Influence], Sentences(f.Text, f.Source), dialog.Label("factor_date", ("date", Format(f.ObservedOn))))));
        }
        return blocks;
    }

    private List<DraftBlock> InsightBlocks(OppDocument opp)
    {
        var blocks = new List<DraftBlock> { Field("analysis", Sentences(opp.Insight.Analysis)) };
        if (opp.Insight.OpenQuestions.Count > 0)
        {
            blocks.Add(Subheading(dialog.Label("open_questions")));
            blocks.AddRange(opp.Insight.OpenQuestions.Select(q => new DraftBlock(DraftBlockKind.Item, dialog.Label("open_question_mark"), Sentences(q))));
        }
        return blocks;
    }

    private List<DraftBlock> PerspectiveBlocks(OppDocument opp)
    {
        var perspective = opp.Perspective;
        var levels = perspective.Levels.Count == 0 ? null : string.Join(" / ", perspective.Levels.Select(l => levelLabels.GetValueOrDefault(l, l)));
        var blocks = new List<DraftBlock> { Field("levels", Plain(levels)) };
        if (MissingParts.FollowOnApplies(opp) || perspective.FollowOn is not null)
        {
            blocks.Add(Field("follow_on", Plain(perspective.FollowOn is { } f ? dialog.FollowOn[f] : null)));
        }
        blocks.Add(Field("rationale", Sentences(perspective.Rationale)));
        return blocks;
    }

    private List<DraftBlock> GoalBlocks(OppDocument opp)
    {
        if (opp.Goals.Count == 0)
        {
            return [Note(dialog.Label("nothing_yet"))];
        }
        var blocks = new List<DraftBlock>();
        foreach (var (goal, index) in opp.Goals.Select((g, i) => (g, i)))
        {
            blocks.Add(Subheading(dialog.Label("goal", ("n", MissingParts.Number(index)))));
            blocks.Add(Field("domain", Plain(goal.Domain is { } d ? dialog.Domains[d] : null)));
            blocks.Add(Field("description", Sentences(goal.Description)));
            blocks.Add(Field("success_criterion", Sentences(goal.SuccessCriterion)));
            blocks.Add(Field("monitoring", Sentences(goal.Monitoring)));
            blocks.Add(Field("evaluate_on", Plain(goal.EvaluateOn is { } on ? Format(on) : null)));
        }
        return blocks;
    }

    /// <summary>
    /// The handelingsdeel: the needs by kind (the hulpzinnen, faq-brief §3.1), each under the goal it serves in the order
    /// of the goals, a need without a goal last; then the support and approach; then the agreements.
    /// </summary>
    private List<DraftBlock> ActionBlocks(OppDocument opp)
    {
        var blocks = new List<DraftBlock>();
        foreach (var kind in Enum.GetValues<NeedKind>())
        {
            blocks.Add(Subheading(dialog.Need(kind).Title));
            var needs = opp.ActionPart.Needs
                .Where(n => n.Kind == kind)
                .Select(n => (Need: n, Goal: MissingParts.GoalIndex(opp, n)))
                .OrderBy(n => n.Goal ?? int.MaxValue)
                .ToList();
            if (needs.Count == 0)
            {
                blocks.Add(Note(dialog.Label("nothing_yet")));
            }
            blocks.AddRange(needs.Select(n => new DraftBlock(
                DraftBlockKind.Field,
                n.Goal is { } goal ? dialog.Label("need_goal", ("n", MissingParts.Number(goal))) : dialog.Label("need_without_goal"),
                Sentences(n.Need.Text, n.Need.Source))));
        }
        blocks.Add(Subheading(dialog.Label("support_and_approach")));
        blocks.Add(opp.ActionPart.SupportAndApproach is { } support
            ? new DraftBlock(DraftBlockKind.Paragraph, null, Sentences(support))
            : Note(dialog.Label("nothing_yet")));
        if (opp.ActionPart.Agreements.Count == 0)
        {
            blocks.Add(Subheading(dialog.Label("agreements")));
            blocks.Add(Note(dialog.Label("nothing_yet")));
        }
        foreach (var (agreement, index) in opp.ActionPart.Agreements.Select((a, i) => (a, i)))
        {
            blocks.Add(Subheading(dialog.Label("agreement", ("n", MissingParts.Number(index)))));
            blocks.Add(Field("who", Sentences(agreement.Who)));
            blocks.Add(Field("what", Sentences(agreement.What)));
            blocks.Add(Field("when", Sentences(agreement.When)));
            blocks.Add(Field("how", Sentences(agreement.How)));
        }
        return blocks;
    }

    /// <summary>The evaluation moments, then the evaluation of the version before this one, if any (faq-brief §1.2).</summary>
    private List<DraftBlock> EvaluationBlocks(OppDocument opp)
    {
        List<DraftBlock> blocks = opp.EvaluationMoments.Count == 0
            ? [Note(dialog.Label("nothing_yet"))]
            : opp.EvaluationMoments.Order().Select(d => new DraftBlock(DraftBlockKind.Item, null, Plain(Format(d)))).ToList();
        // Only the evaluation that started this version: older ones are in the versions before it.
        if (opp.Evaluations.LastOrDefault(e => e.OfVersion < opp.Version) is { } last)
        {
            blocks.Add(Subheading(dialog.Label("evaluation_of", ("version", last.OfVersion.ToString(Dutch)), ("date", Format(last.Date)))));
            foreach (var goal in last.Goals)
            {
                var outcome = dialog.Label(goal.Outcome switch
                {
                    GoalOutcome.Reached => "evaluation_reached",
                    GoalOutcome.Partly => "evaluation_partly",
                    _ => "evaluation_not_reached",
                });
                blocks.Add(new DraftBlock(DraftBlockKind.Item, null,
                    Plain(dialog.Label("evaluation_goal", ("n", goal.Number.ToString(Dutch)), ("outcome", outcome)))));
                if (goal.Note is not null)
                {
                    blocks.Add(Field("evaluation_note", Sentences(goal.Note)));
                }
            }
            blocks.Add(Field("evaluation_on_course", Plain(dialog.Label(last.OnCourse ? "evaluation_yes" : "evaluation_no"))));
            blocks.Add(Field("evaluation_why", Sentences(last.OnCourseWhy)));
            blocks.Add(Field("evaluation_changes", Sentences(last.Changes)));
        }
        return blocks;
    }

    /// <summary>
    /// Per conversation: when, in which band, with whom and how it ended; then each answer in the pupil's own words
    /// with the teacher's weighing (faq-brief §4.5). The teacher's own note on how he was involved comes first.
    /// </summary>
    private List<DraftBlock> PupilVoiceBlocks(PupilVoice voice)
    {
        var blocks = new List<DraftBlock>();
        if (voice.HowInvolved is not null)
        {
            blocks.Add(Field("how_involved", Sentences(voice.HowInvolved)));
        }
        foreach (var conversation in voice.Conversations)
        {
            var company = dialog.Label("company_" + (conversation.Company ?? "alone"));
            var heading = dialog.Label("pupil_conversation",
                ("date", Format(DateOnly.FromDateTime(conversation.StartedAt.UtcDateTime))),
                ("band", dialog.AgeBands[conversation.Band]),
                ("company", company));
            var end = conversation.End is { } ended ? dialog.ConversationEnds[ended] : dialog.Label("pupil_conversation_open");
            blocks.Add(new DraftBlock(DraftBlockKind.Subheading, heading + " (" + end + ")", []));
            foreach (var answer in conversation.Answers)
            {
                blocks.Add(answer.Status switch
                {
                    PupilAnswerStatus.NotSaying => new DraftBlock(DraftBlockKind.Item, answer.Asked, [], dialog.Label("pupil_not_saying")),
                    PupilAnswerStatus.NotUnderstood => new DraftBlock(DraftBlockKind.Item, answer.Asked, [], dialog.Label("pupil_not_understood", ("company", company))),
                    _ => new DraftBlock(DraftBlockKind.Item, answer.Asked,
                        [new DraftSentence("“" + answer.Words + "”", new Provenance(Role.Pupil, answer.QuestionId, answer.At, TextOrigin.Person))],
                        answer.TypedBy == TypedBy.Adult ? dialog.Label("pupil_typed_by_adult") : null),
                });
                if (answer.IsContribution)
                {
                    blocks.Add(answer.Weighing is { } weighing
                        ? new DraftBlock(DraftBlockKind.Field, dialog.Label("weighing") + " (" + dialog.WeighingUses[weighing.Use].ToLower(Dutch) + ")", Sentences(weighing.Why))
                        : new DraftBlock(DraftBlockKind.Field, dialog.Label("weighing"), [], dialog.Label("pupil_weighing_missing")));
                }
            }
        }
        return blocks;
    }

    /// <summary>
    /// Per parent who came in with a code: who (a label and gezag, no name) and when, then in his or her own words what
    /// goes well and what is hard at home, the needs composed with the hulpzinnen, the zienswijze, and every decision on
    /// the handelingsdeel with its date (and the reasons); last, whether the consent lets the plan be vastgesteld.
    /// </summary>
    private List<DraftBlock> ParentBlocks(OppDocument opp, ParentPart parents)
    {
        var blocks = new List<DraftBlock>();
        foreach (var parent in parents.Contributions.Where(p => p.HasWords || parents.Consents.Any(c => c.ParentId == p.Id)))
        {
            var custody = parent.HasCustody switch { true => "custody_yes", false => "custody_no", null => "custody_unknown" };
            blocks.Add(Subheading(dialog.Label("parent_heading",
                ("parent", parent.Label ?? dialog.Label("parent_unnamed")), ("custody", dialog.Label(custody)),
                ("date", Format(DateOnly.FromDateTime(parent.StartedAt.UtcDateTime))))));
            blocks.Add(Note(dialog.Label("parents_words")));
            blocks.AddRange(parent.GoesWellAtHome.Select(e => new DraftBlock(DraftBlockKind.Item, dialog.Influences[Influence.Supporting], Sentences(e), dialog.Label("at_home"))));
            blocks.AddRange(parent.HardAtHome.Select(e => new DraftBlock(DraftBlockKind.Item, dialog.Influences[Influence.Hindering], Sentences(e), dialog.Label("at_home"))));
            blocks.AddRange(parent.Needs.Select(n => new DraftBlock(
                DraftBlockKind.Field,
                dialog.Need(n.Kind).Title + " (" + (MissingParts.GoalIndex(opp, n) is { } goal ? dialog.Label("need_goal", ("n", MissingParts.Number(goal))) : dialog.Label("need_without_goal")).ToLower(Dutch) + ")",
                Sentences(n.Text, n.Source))));
            if (parent.Zienswijze is not null)
            {
                blocks.Add(Field("zienswijze", Sentences(parent.Zienswijze)));
            }
            foreach (var consent in parents.Consents.Where(c => c.ParentId == parent.Id))
            {
                var decision = dialog.Label(consent.Decision == ConsentDecision.Agreed ? "consent_agreed" : "consent_not_agreed",
                    ("date", Format(DateOnly.FromDateTime(consent.At.UtcDateTime))));
                blocks.Add(Field("consent", Plain(decision)));
                if (consent.Reasons is not null)
                {
                    blocks.Add(Field("consent_reasons", Sentences(consent.Reasons)));
                }
            }
        }
        blocks.AddRange(ParentConsents.Explain(ParentConsents.CanBeAdopted(opp), dialog).Select(Note));
        return blocks;
    }

    /// <summary>A labelled value; when there is none, the note says it is not filled in yet.</summary>
    private DraftBlock Field(string label, IReadOnlyList<DraftSentence> sentences) =>
        new(DraftBlockKind.Field, dialog.Label(label), sentences, sentences.Count == 0 ? dialog.Label("not_filled") : null);

    private static DraftBlock Subheading(string text) => new(DraftBlockKind.Subheading, text, []);

    private static DraftBlock Note(string text) => new(DraftBlockKind.Note, text, []);

    private static IReadOnlyList<DraftSentence> Sentences(TextEntry? entry) => entry is null ? [] : Sentences(entry.Text, entry.Source);

    /// <summary>A text split into its sentences, each with the text's provenance, so a mark can follow every sentence.</summary>
    internal static IReadOnlyList<DraftSentence> Sentences(string text, Provenance? source) =>
        SentenceBreak().Split(text)
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .Select(s => new DraftSentence(s, source))
            .ToList();

    /// <summary>A value the plan stores without provenance (a name, a choice, a date).</summary>
    private static IReadOnlyList<DraftSentence> Plain(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : Sentences(value, null);

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", Dutch);

    private static string Format(double pages) => pages.ToString("0.#", Dutch);

    /// <summary>
    /// Between sentences: after . ! ? or … (and a closing quote or bracket) and before a capital, digit, quote or
    /// bracket; or at a line break. "bijv. de" stays one sentence because a lower-case word follows.
    /// </summary>
    [GeneratedRegex(@"(?<=[.!?…][""'”’)]?)\s+(?=[\p{Lu}\d""'“‘(])|\s*\n\s*")]
    private static partial Regex SentenceBreak();
}
