using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Documents;

/// <summary>
/// The plan as Word files (.docx), each for its reader:
/// <list type="bullet">
/// <item><see cref="SchoolRecord"/>: the whole draft for the school's records, each required part a Heading 1 in the
/// draft's order, labelled values and list items as bullets, every sentence with its provenance mark ([P], [S], [AI])
/// and the legend in small print at the end, so AI text stays marked on paper too.</item>
/// <item><see cref="ForParents"/>: what a parent needs, under the plain headings and labels of dialogs/parent-plan.yaml
/// (<c>plain_plan</c>): the goals, the handelingsdeel with the agreements, the evaluation, the pupil's voice and the
/// parents' own part; without provenance marks.</item>
/// <item><see cref="ForPupil"/>: the kindversie, in the short sentences of dialogs/kindversie.yaml: what goes well,
/// what we work on, what helps, who helps, what the pupil said and what we do with it, and when we look back.</item>
/// </list>
/// Every heading, label and line of the documents comes from dialogs/; the footer carries the status and the date the
/// file was made, and the page number. The length of a file: <see cref="Length"/>.
/// </summary>
public sealed class OppWordDocuments
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>What a parent reads of the draft, in the draft's order.</summary>
    public static readonly DraftSectionKind[] ParentSections =
        [DraftSectionKind.Goals, DraftSectionKind.ActionPart, DraftSectionKind.Evaluation, DraftSectionKind.PupilVoice, DraftSectionKind.Parents];

    private readonly DialogCatalog dialogs;
    private readonly KindversieDialog kindversie;
    private readonly TimeProvider time;
    private readonly DraftAssembler assembler;
    private readonly DraftAssembler plainAssembler;

    public OppWordDocuments(DialogCatalog dialogs, KindversieDialog kindversie, TimeProvider? time = null)
    {
        this.dialogs = dialogs;
        this.kindversie = kindversie;
        this.time = time ?? TimeProvider.System;
        assembler = new DraftAssembler(dialogs);
        plainAssembler = new DraftAssembler(dialogs.ParentPlan.PlainDraft(dialogs.Draft), dialogs.ParentPlan.PlainStates);
    }

    /// <summary>Loads dialogs/ (the catalog and kindversie.yaml) from one folder.</summary>
    public static OppWordDocuments Load(string dialogsDirectory, TimeProvider? time = null) =>
        new(DialogCatalog.Load(dialogsDirectory), KindversieDialog.Load(dialogsDirectory), time);

    /// <summary>The plan for the school's records: every required part, with provenance marks and their legend.</summary>
    public byte[] SchoolRecord(OppDocument plan)
    {
        var draft = assembler.Assemble(plan);
        var word = new WordBuilder()
            .Add(WordStyle.Title, draft.Title)
            .Add(WordStyle.Subtitle, draft.Status);
        AddSections(word, draft.Sections, marks: true);
        var provenance = dialogs.Draft.Provenance;
        word.Add(WordStyle.Small, new WordRun(provenance.Legend + " ", Bold: true),
            new WordRun(string.Join(" · ", provenance.Marks.Select(m => $"{m.Marker} {m.Meaning}").Append(provenance.Unmarked))));
        return word.ToBytes(draft.Title, Footer(draft.Status));
    }

    /// <summary>The parents' version: the goals, the handelingsdeel, the evaluation, the pupil's voice and their own part, in plain words.</summary>
    public byte[] ForParents(OppDocument plan)
    {
        var draft = plainAssembler.Assemble(plan);
        var word = new WordBuilder()
            .Add(WordStyle.Title, draft.Title)
            .Add(WordStyle.Subtitle, draft.Status);
        AddSections(word, draft.Sections.Where(s => ParentSections.Contains(s.Kind)), marks: false);
        return word.ToBytes(draft.Title, Footer(draft.Status));
    }

    /// <summary>
    /// The kindversie: only what the pupil needs and in kind words; nothing about what is hard, no analysis and no
    /// uitstroomperspectief. What people wrote is shown as they wrote it; the teacher writes the goals with this in mind.
    /// </summary>
    public byte[] ForPupil(OppDocument plan)
    {
        var title = plan.Pupil.Name is { Length: > 0 } name ? kindversie.Text("title", ("name", name)) : kindversie.Text("title_unnamed");
        var word = new WordBuilder()
            .Add(WordStyle.Title, title)
            .Add(WordStyle.Subtitle, kindversie.Text("intro"));

        var goesWell = plan.Factors.Where(f => f.Circle == Circle.Pupil && f.Influence == Influence.Supporting).Select(f => f.Text).ToList();
        if (goesWell.Count > 0)
        {
            Bullets(word, "goes_well", goesWell);
        }
        Bullets(word, "goals", plan.Goals.Select(g => g.Description?.Text).OfType<string>());
        var helps = plan.ActionPart.Needs.Where(n => n.Kind == NeedKind.Educational).Select(n => n.Text).ToList();
        if (plan.ActionPart.SupportAndApproach is { } support)
        {
            helps.Add(support.Text);
        }
        Bullets(word, "helps", helps);
        Bullets(word, "who_helps", plan.ActionPart.Agreements
            .Where(a => a.Who is not null && a.What is not null)
            .Select(a => string.Join(' ', new[] { a.Who!.Text, a.What!.Text, a.When?.Text }.OfType<string>())));

        word.Add(WordStyle.Heading1, kindversie.Text("you_said"));
        var said = plan.PupilVoice?.Contributions.ToList() ?? [];
        if (said.Count == 0)
        {
            word.Add(WordStyle.Note, kindversie.Text("not_heard_yet"));
        }
        foreach (var answer in said)
        {
            word.Add(WordStyle.ListBullet, new WordRun(answer.Asked + " ", Bold: true), new WordRun("“" + answer.Words + "”"));
            if (answer.Weighing is { } weighing)
            {
                var label = weighing.Use == WeighingUse.NotUsed ? "we_do_not_use_it" : "we_use_it";
                word.Add(WordStyle.Normal, new WordRun(kindversie.Text(label) + " ", Italic: true), new WordRun(weighing.Why.Text));
            }
        }

        word.Add(WordStyle.Heading1, kindversie.Text("look_back"));
        if (plan.EvaluationMoments.Count == 0)
        {
            word.Add(WordStyle.Note, kindversie.Text("nothing_yet"));
        }
        else
        {
            word.Add(WordStyle.Normal, kindversie.Text("look_back_intro"));
            foreach (var moment in plan.EvaluationMoments.Order())
            {
                word.Add(WordStyle.ListBullet, Format(moment));
            }
        }
        word.Add(WordStyle.Normal, kindversie.Text("closing"));
        return word.ToBytes(title, Format(Today()));
    }

    /// <summary>The estimated A4 pages of a generated file, with the draft's estimate text and, above five pages, its warning.</summary>
    public DraftLength Length(byte[] docx) => WordPageEstimate.Measure(docx, dialogs.Draft);

    private void Bullets(WordBuilder word, string heading, IEnumerable<string> items)
    {
        word.Add(WordStyle.Heading1, kindversie.Text(heading));
        var any = false;
        foreach (var item in items)
        {
            word.Add(WordStyle.ListBullet, item);
            any = true;
        }
        if (!any)
        {
            word.Add(WordStyle.Note, kindversie.Text("nothing_yet"));
        }
    }

    /// <summary>Each section as a numbered Heading 1; subheadings as Heading 2; values and items as bullets; longer texts as paragraphs.</summary>
    private void AddSections(WordBuilder word, IEnumerable<DraftSection> sections, bool marks)
    {
        foreach (var (section, index) in sections.Select((s, i) => (s, i)))
        {
            word.Add(WordStyle.Heading1, $"{index + 1}. {section.Title}");
            foreach (var block in section.Blocks)
            {
                switch (block.Kind)
                {
                    case DraftBlockKind.Subheading:
                        word.Add(WordStyle.Heading2, block.Label ?? "");
                        break;
                    case DraftBlockKind.Note:
                        word.Add(WordStyle.Note, block.Label ?? "");
                        break;
                    case DraftBlockKind.Paragraph:
                        word.Add(WordStyle.Normal, [.. Body(block, marks)]);
                        break;
                    case DraftBlockKind.Field:
                        word.Add(WordStyle.ListBullet, [new WordRun(block.Label + ": ", Bold: true), .. Body(block, marks)]);
                        break;
                    case DraftBlockKind.Item:
                        word.Add(WordStyle.ListBullet, [.. block.Label is { Length: > 0 } mark ? [new WordRun(mark + " ", Bold: true)] : Array.Empty<WordRun>(), .. Body(block, marks)]);
                        break;
                }
            }
        }
    }

    /// <summary>The sentences with a space between (each with its mark when asked), or the note in italics when there are none.</summary>
    private IEnumerable<WordRun> Body(DraftBlock block, bool marks)
    {
        if (block.Sentences.Count == 0)
        {
            yield return new WordRun(block.Note ?? "", Italic: true);
            yield break;
        }
        var text = string.Join(' ', block.Sentences.Select(s =>
            marks && s.Source is { } source ? s.Text + " " + dialogs.Draft.Provenance.For(source.Origin).Marker : s.Text));
        yield return new WordRun(text);
        if (block.Note is { Length: > 0 } note)
        {
            yield return new WordRun(" (" + note + ")", Italic: true);
        }
    }

    private string Footer(string status) => status + " · " + Format(Today());

    private DateOnly Today() => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", Dutch);
}
