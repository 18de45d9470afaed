using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Tests.Drafting;

namespace OppAssistant.Documents.Tests;

public sealed class OppWordDocumentsTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly KindversieDialog Kindversie = KindversieDialog.Load(Repo.DialogsDirectory);
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private static readonly OppWordDocuments Documents = new(Dialogs, Kindversie, Time);

    private static string Label(string key) => Dialogs.Draft.Label(key);

    [Fact]
    public void The_school_record_has_every_required_part_as_a_heading_in_the_drafts_order()
    {
        var docx = new Docx(Documents.SchoolRecord(DraftPlans.Complete()));

        var expected = Enum.GetValues<DraftSectionKind>().Select((k, i) => $"{i + 1}. {Dialogs.Draft.Section(k).Title}").ToList();
        Assert.Equal(expected, docx.Headings);
        Assert.Equal(("Title", "Ontwikkelingsperspectiefplan van Fenna"), docx.Paragraphs[0]);
        Assert.Equal(("Subtitle", Label("status")), docx.Paragraphs[1]);
        Assert.Equal("Ontwikkelingsperspectiefplan van Fenna", docx.Title);
        Assert.Empty(docx.Errors);
    }

    [Fact]
    public void The_school_record_holds_the_pupil_data_the_pupils_words_and_the_parents_consent()
    {
        var docx = new Docx(Documents.SchoolRecord(DraftPlans.Complete()));

        Assert.Contains($"{Label("name")}: Fenna", docx.Texts);
        Assert.Contains($"{Label("group_or_year")}: groep 6", docx.Texts);
        Assert.Contains(docx.Paragraphs, p => p.Style == "ListBullet" && p.Text.Contains("“de juf de uitleg kort houdt”", StringComparison.Ordinal));
        Assert.Contains($"{Label("consent")}: {Dialogs.Draft.Label("consent_agreed", ("date", "14 oktober 2026"))}", docx.Texts);
        Assert.Contains(docx.Texts, t => t.StartsWith(Label("zienswijze") + ": Wij vinden het plan goed", StringComparison.Ordinal));
        // Agreements as label: value bullets under their own subheading.
        Assert.Contains(("Heading2", Dialogs.Draft.Label("agreement", ("n", "1"))), docx.Paragraphs);
        Assert.Contains(("ListBullet", $"{Label("who")}: De moeder van Fenna [P]"), docx.Paragraphs);
    }

    [Fact]
    public void The_school_record_marks_every_sentence_with_its_provenance_and_ends_with_the_legend()
    {
        var docx = new Docx(Documents.SchoolRecord(DraftPlans.Complete()));
        var provenance = Dialogs.Draft.Provenance;

        Assert.Contains(docx.Texts, t => t.Contains("Ik heb daarvoor tips van de IB'er nodig. " + provenance.For(TextOrigin.Ai).Marker, StringComparison.Ordinal));
        Assert.Contains(docx.Texts, t => t.Contains("direct feedback. " + provenance.For(TextOrigin.Template).Marker, StringComparison.Ordinal));
        var legend = docx.Paragraphs[^1];
        Assert.Equal("Small", legend.Style);
        Assert.StartsWith(provenance.Legend, legend.Text, StringComparison.Ordinal);
        Assert.All(provenance.Marks, m => Assert.Contains(m.Marker + " " + m.Meaning, legend.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_document_is_A4_with_normal_margins_in_11_point_and_a_footer_with_status_and_date()
    {
        var plan = DraftPlans.Complete();
        foreach (var (bytes, status) in new[]
        {
            (Documents.SchoolRecord(plan), Label("status")),
            (Documents.ForParents(plan), Dialogs.ParentPlan.PlainLabels["status"]),
            (Documents.ForPupil(plan), ""),
        })
        {
            var docx = new Docx(bytes);
            Assert.Equal((11906, 16838, 1440, 1440, 1440, 1440), docx.Page);
            Assert.Equal("22", docx.FontSize);
            Assert.Contains("3 december 2026", docx.Footer, StringComparison.Ordinal);
            Assert.StartsWith(status, docx.Footer, StringComparison.Ordinal);
            Assert.Empty(docx.Errors);
        }
    }

    [Theory]
    [InlineData(OppStatus.InReview)]
    [InlineData(OppStatus.AwaitingConsent)]
    [InlineData(OppStatus.Adopted)]
    [InlineData(OppStatus.Evaluated)]
    public void The_status_in_the_footer_follows_the_lifecycle_in_the_school_record_and_in_plain_words_for_the_parents(OppStatus status)
    {
        var plan = DraftPlans.Complete();
        plan.Lifecycle.State = status;

        Assert.StartsWith(Dialogs.Lifecycle.States[status], new Docx(Documents.SchoolRecord(plan)).Footer, StringComparison.Ordinal);
        // Parents read "not yet adopted" until it is, then that it is.
        var plain = Dialogs.ParentPlan.PlainStates.GetValueOrDefault(status, Dialogs.ParentPlan.PlainLabels["status"]);
        Assert.StartsWith(plain, new Docx(Documents.ForParents(plan)).Footer, StringComparison.Ordinal);
        Assert.Equal(status is OppStatus.Adopted or OppStatus.Evaluated, plain != Dialogs.ParentPlan.PlainLabels["status"]);
    }

    [Fact]
    public void The_parents_version_has_only_what_parents_need_under_the_plain_headings()
    {
        var docx = new Docx(Documents.ForParents(DraftPlans.Complete()));
        var plain = Dialogs.ParentPlan.PlainDraft(Dialogs.Draft);

        var expected = OppWordDocuments.ParentSections.Select((k, i) => $"{i + 1}. {plain.Section(k).Title}").ToList();
        Assert.Equal(expected, docx.Headings);
        Assert.Contains("2. " + Dialogs.ParentPlan.PlainSections[DraftSectionKind.ActionPart], docx.Headings);
        Assert.Contains("3. " + Dialogs.ParentPlan.PlainSections[DraftSectionKind.Evaluation], docx.Headings);
        Assert.Equal(("Title", Dialogs.ParentPlan.PlainLabels["title"].Replace("{name}", "Fenna", StringComparison.Ordinal)), docx.Paragraphs[0]);
        Assert.Contains(("Heading2", Dialogs.ParentPlan.PlainNeeds[NeedKind.Parenting]), docx.Paragraphs);
        Assert.Contains(("Heading2", Dialogs.ParentPlan.PlainLabels["support_and_approach"]), docx.Paragraphs);

        // Goals, agreements, evaluation, the pupil's voice and their own part; no analysis, perspective or provenance.
        Assert.Contains(docx.Texts, t => t.Contains("Fenna kent de tafels van 6 tot en met 9 uit het hoofd.", StringComparison.Ordinal));
        Assert.Contains(docx.Texts, t => t.Contains("oefent met Fenna de tafels", StringComparison.Ordinal));
        Assert.Contains("29 januari 2027", docx.Texts);
        Assert.Contains(docx.Texts, t => t.Contains("“de juf de uitleg kort houdt”", StringComparison.Ordinal));
        Assert.Contains(docx.Texts, t => t.Contains("Wij vinden het plan goed en helpen graag mee.", StringComparison.Ordinal));
        Assert.DoesNotContain(docx.Texts, t => t.Contains("Lange instructies en onrust", StringComparison.Ordinal));
        Assert.DoesNotContain(docx.Texts, t => t.Contains(Dialogs.Draft.Section(DraftSectionKind.Perspective).Title, StringComparison.Ordinal));
        Assert.DoesNotContain(docx.Texts, t => Dialogs.Draft.Provenance.Marks.Any(m => t.Contains(m.Marker, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_kindversie_says_what_we_work_on_what_helps_who_helps_and_what_the_pupil_said()
    {
        var docx = new Docx(Documents.ForPupil(DraftPlans.Complete()));

        Assert.Equal(("Title", Kindversie.Text("title", ("name", "Fenna"))), docx.Paragraphs[0]);
        Assert.Equal(
            new[] { "goes_well", "goals", "helps", "who_helps", "you_said", "look_back" }.Select(Kindversie.Text).ToList(),
            docx.Headings);
        Assert.Contains("Fenna is nieuwsgierig en leest graag over paarden; dan houdt ze het lang vol.", docx.Texts);
        Assert.Contains("Fenna vraagt zelf om hulp als ze vastloopt.", docx.Texts);
        Assert.Contains("De moeder van Fenna oefent met Fenna de tafels met de flitskaarten van school elke maandag, woensdag en vrijdag na het eten", docx.Texts);
        Assert.Contains("Het helpt me als mijn juf … “de juf de uitleg kort houdt”", docx.Texts);
        Assert.Contains(Kindversie.Text("we_use_it") + " Daarom is de extra instructie kort en aan de instructietafel.", docx.Texts);
        Assert.Empty(docx.Errors);

        // Nothing about what is hard, no analysis, no perspective, nothing of the parents' part.
        Assert.DoesNotContain(docx.Texts, t => t.Contains("durft dan niet", StringComparison.Ordinal) || t.Contains("onrustig", StringComparison.Ordinal));
        Assert.DoesNotContain(docx.Texts, t => t.Contains("vmbo", StringComparison.Ordinal));
        Assert.DoesNotContain(docx.Texts, t => t.Contains("Wij vinden het plan goed", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_line_of_the_kindversie_that_is_not_the_plans_own_text_comes_from_kindversie_yaml()
    {
        var docx = new Docx(Documents.ForPupil(DraftPlans.Complete()));
        var texts = Kindversie.Texts.Values.Select(t => t.Replace("{name}", "Fenna", StringComparison.Ordinal)).ToHashSet();

        var own = docx.Paragraphs.Where(p => p.Style != "ListBullet").Select(p => p.Text).ToList();
        Assert.All(own, text => Assert.True(
            texts.Contains(text) || Kindversie.Texts.Values.Any(t => text.StartsWith(t + " ", StringComparison.Ordinal)),
            $"not from dialogs/kindversie.yaml: {text}"));
        Assert.Contains(Kindversie.Text("intro"), own);
        Assert.Equal(Kindversie.Text("closing"), own[^1]);
    }

    [Fact]
    public void The_kindversie_of_an_empty_plan_says_what_is_still_to_come()
    {
        var docx = new Docx(Documents.ForPupil(new OppDocument()));

        Assert.Equal(Kindversie.Text("title_unnamed"), docx.Paragraphs[0].Text);
        Assert.DoesNotContain(Kindversie.Text("goes_well"), docx.Headings);
        Assert.Contains(("Note", Kindversie.Text("not_heard_yet")), docx.Paragraphs);
        Assert.Equal(4, docx.Paragraphs.Count(p => p == ("Note", Kindversie.Text("nothing_yet"))));
    }

    [Fact]
    public void The_kindversie_texts_pass_the_readability_gate_for_a_young_reader()
    {
        var report = ReadabilityGate.Check(Repo.DialogsDirectory);

        var findings = report.Findings.Where(f => f.File == KindversieDialog.FileName).Select(f => f.ToString()).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
        var measured = report.Texts.Where(t => t.File == KindversieDialog.FileName).ToList();
        Assert.Equal(KindversieDialog.RequiredTexts.Length, measured.Count);
        Assert.All(measured, t => Assert.Equal("groep-3-5", t.Audience));
    }

    [Fact]
    public void A_typical_plan_is_about_two_pages_in_Word()
    {
        var plan = DraftPlans.Complete();
        var record = Documents.Length(Documents.SchoolRecord(plan));

        Assert.InRange(record.Pages, 1, 3);
        Assert.Null(record.Warning);
        Assert.Equal(DraftDialog.Fill(Dialogs.Draft.Length.Estimate, ("pages", record.Pages.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"))), ("target", "2")), record.Estimate);
        // The parents' and the pupil's versions are shorter than the record.
        Assert.InRange(Documents.Length(Documents.ForParents(plan)).Pages, 0.5, record.Pages);
        Assert.InRange(Documents.Length(Documents.ForPupil(plan)).Pages, 0.3, 1.5);
    }

    [Fact]
    public void A_bloated_plan_is_more_than_five_pages_in_Word_with_the_drafts_warning()
    {
        var plan = DraftPlans.Bloated();
        var length = Documents.Length(Documents.SchoolRecord(plan));

        Assert.True(length.Pages > PageEstimate.MaximumPages, $"{length.Pages} pages");
        var pages = length.Pages.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        Assert.Equal(DraftDialog.Fill(Dialogs.Draft.Length.TooLong, ("pages", pages), ("max", "5")), length.Warning);
        Assert.True(new DraftAssembler(Dialogs).Assemble(plan).Length.TooLong);
    }

    [Fact]
    public void The_Word_estimate_stays_close_to_the_chats_estimate_of_the_same_plan()
    {
        foreach (var plan in new[] { DraftPlans.Complete(), DraftPlans.Bloated() })
        {
            var chat = new DraftAssembler(Dialogs).Assemble(plan).Length.Pages;
            var word = Documents.Length(Documents.SchoolRecord(plan)).Pages;
            Assert.InRange(word, chat * 0.8, chat * 1.25);
        }
    }
}
