using OppAssistant.Core.Conversation;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Drafting;

/// <summary>The draft OPP assembled from a plan, with the real dialogs/draft.yaml and the exact texts it holds.</summary>
public sealed class DraftAssemblerTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly DraftDialog Draft = Dialogs.Draft;
    private static readonly DraftAssembler Assembler = new(Dialogs);
    private static readonly DraftMarkdown Markdown = new(Dialogs);

    [Fact]
    public void A_complete_plan_has_every_section_in_the_order_of_the_required_parts()
    {
        var draft = Assembler.Assemble(DraftPlans.Complete());

        Assert.Equal(
            [
                DraftSectionKind.Pupil, DraftSectionKind.Overview, DraftSectionKind.Insight, DraftSectionKind.Perspective, DraftSectionKind.Goals,
                DraftSectionKind.ActionPart, DraftSectionKind.Evaluation, DraftSectionKind.PupilVoice, DraftSectionKind.Parents,
            ],
            draft.Sections.Select(s => s.Kind));
        Assert.Equal(Draft.Sections.Select(s => s.Title), draft.Sections.Select(s => s.Title));
        Assert.All(draft.Sections, s => Assert.False(s.Pending));
        Assert.Equal(Draft.Label("title", ("name", "Fenna")), draft.Title);
    }

    [Theory]
    [InlineData(OppStatus.Concept)]
    [InlineData(OppStatus.InReview)]
    [InlineData(OppStatus.AwaitingConsent)]
    [InlineData(OppStatus.Adopted)]
    public void The_status_line_says_where_the_plan_stands_in_its_lifecycle(OppStatus status)
    {
        var plan = DraftPlans.Complete();
        plan.Lifecycle.State = status;

        Assert.Equal(Dialogs.Lifecycle.States[status], Assembler.Assemble(plan).Status);
        Assert.Equal(Dialogs.Lifecycle.States[status], new DraftAssembler(Draft, Dialogs.Lifecycle.States).Assemble(plan).Status);
        // Without the lifecycle's names (an assembler for other texts only) it is the file's own status line.
        Assert.Equal(Draft.Label("status"), new DraftAssembler(Draft).Assemble(plan).Status);
    }

    [Fact]
    public void The_markdown_shows_every_text_of_the_plan_under_its_own_section()
    {
        var opp = DraftPlans.Complete();
        var md = Markdown.Render(Assembler.Assemble(opp));

        var headings = Draft.Sections.Select((s, i) => md.IndexOf($"### {i + 1}. {s.Title}\n", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, headings);
        Assert.Equal(headings.Order(), headings);

        string Under(DraftSectionKind kind)
        {
            var index = (int)kind;
            var end = index + 1 < headings.Count ? headings[index + 1] : md.IndexOf("\n---\n", StringComparison.Ordinal);
            return md[headings[index]..end];
        }
        void In(DraftSectionKind kind, params string[] texts) => Assert.All(texts, t => Assert.Contains(t, Under(kind), StringComparison.Ordinal));

        In(DraftSectionKind.Pupil, "Fenna", "groep 6", Draft.SchoolTypes[SchoolType.Po], opp.Pupil.Reason!);
        In(DraftSectionKind.Overview, [.. opp.Factors.Select(f => f.Text), .. Draft.Circles.Values, Draft.Label("factor_date", ("date", "5 oktober 2026"))]);
        In(DraftSectionKind.Insight, opp.Insight.Analysis!.Text.Split(". ")[0], opp.Insight.OpenQuestions[0].Text, Draft.Label("open_question_mark"));
        In(DraftSectionKind.Perspective, "Vmbo kader / Vmbo gl/tl", Draft.FollowOn[FollowOnEducation.Regular], opp.Perspective.Rationale!.Text.Split(". ")[0]);
        In(DraftSectionKind.Goals,
        [
            .. opp.Goals.SelectMany(g => new[] { g.Description!.Text, g.SuccessCriterion!.Text, g.Monitoring!.Text }),
            Draft.Domains[GoalDomain.Learning], Draft.Domains[GoalDomain.Motivation], "29 januari 2027", "12 maart 2027",
        ]);
        In(DraftSectionKind.ActionPart,
        [
            .. opp.ActionPart.Needs.Select(n => n.Text.Split(". ")[0]), .. Draft.Needs.Select(n => n.Title),
            opp.ActionPart.SupportAndApproach!.Text.Split(". ")[0],
            .. opp.ActionPart.Agreements.SelectMany(a => new[] { a.Who!.Text, a.What!.Text, a.When!.Text, a.How!.Text }),
        ]);
        In(DraftSectionKind.Evaluation, "29 januari 2027", "25 juni 2027");
        var pupilAnswer = opp.PupilVoice!.Conversations[0].Answers[0];
        In(DraftSectionKind.PupilVoice, opp.PupilVoice.HowInvolved!.Text, "“" + pupilAnswer.Text + "”", pupilAnswer.Weighing!.Why.Text,
            opp.PupilVoice.Conversations[0].Answers[1].Asked, Draft.Label("pupil_not_saying"), Draft.WeighingUses[WeighingUse.Used].ToLowerInvariant());
        var parent = opp.Parents!.Contributions[0];
        In(DraftSectionKind.Parents, parent.GoesWellAtHome[0].Text, parent.HardAtHome[0].Text, parent.Zienswijze!.Text, parent.Needs[0].Text.Split(": ")[1],
            Draft.Label("parents_words"), Draft.Label("consent_agreed", ("date", "1 februari 2027")).Split(", ")[0]);
        Assert.DoesNotContain(Draft.Label("not_filled"), md, StringComparison.Ordinal);
    }

    [Fact]
    public void What_people_typed_is_shown_as_typed_and_never_read_as_Markdown()
    {
        var opp = DraftPlans.Complete();
        opp.PupilVoice!.Conversations[0].Answers[0].Text = "Ik vind *rekenen* leuk.";
        opp.Pupil.Reason = "- Lezen gaat [nog] niet vlot_";

        var md = Markdown.Render(Assembler.Assemble(opp));

        Assert.Contains(@"“Ik vind \*rekenen\* leuk.”", md, StringComparison.Ordinal);
        Assert.Contains(@"\- Lezen gaat \[nog\] niet vlot\_", md, StringComparison.Ordinal);
        Assert.DoesNotContain("*rekenen*", md, StringComparison.Ordinal);
        // The draft itself keeps the words as typed, for the Word document and for the AI.
        Assert.Contains(Assembler.Assemble(opp).Sections.SelectMany(s => s.Blocks).SelectMany(b => b.Sentences), s => s.Text == "“Ik vind *rekenen* leuk.”");
    }

    [Fact]
    public void The_overview_lists_each_circle_with_what_helps_before_what_hinders()
    {
        var overview = Assembler.Assemble(DraftPlans.Complete()).Section(DraftSectionKind.Overview);

        var lines = overview.Blocks.Select(b => b.Kind == DraftBlockKind.Subheading ? b.Label! : $"{b.Label} {b.Sentences[0].Text}"[..15]);

        Assert.Equal(
            [
                Draft.Circles[Circle.Pupil], "+ Fenna is nieu", "− Fenna raakt d", "− De tafels van",
                Draft.Circles[Circle.School], "+ Fenna werkt g", "− Na de gymles ",
                Draft.Circles[Circle.Home], "+ Haar oma lees", "− Thuis is er w",
            ],
            lines);
        Assert.All(overview.Blocks.Where(b => b.Kind == DraftBlockKind.Item), b => Assert.Equal(Draft.Label("factor_date", ("date", "5 oktober 2026")), b.Note));
    }

    [Fact]
    public void Needs_are_grouped_by_the_four_kinds_each_under_the_goal_it_serves()
    {
        var opp = DraftPlans.Complete();
        opp.ActionPart.Needs.Add(new Need("n5", NeedKind.Educational, "g2", "Om zelf hulp te vragen heeft Fenna een hulpkaart op haar tafel nodig.", DraftPlans.Teacher("need")));
        opp.ActionPart.Needs.Add(new Need("n6", NeedKind.Educational, null, "Fenna heeft een koptelefoon nodig.", DraftPlans.Teacher("need")));

        var action = Assembler.Assemble(opp).Section(DraftSectionKind.ActionPart);
        var needs = action.Blocks.TakeWhile(b => b.Label != Draft.Label("support_and_approach"))
            .Select(b => b.Kind == DraftBlockKind.Subheading ? b.Label : $"{b.Label}: {b.Sentences[0].Text.Split(' ')[^1]}")
            .ToList();

        string Goal(int n, string word) => $"{Draft.Label("need_goal", ("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture)))}: {word}";
        Assert.Equal(
            [
                Draft.Need(NeedKind.Educational).Title, Goal(1, "feedback."), Goal(2, "nodig."), $"{Draft.Label("need_without_goal")}: nodig.",
                Draft.Need(NeedKind.Parenting).Title, Goal(1, "oefenen."),
                Draft.Need(NeedKind.TeacherSupport).Title, Goal(2, "vraagt."),
                Draft.Need(NeedKind.ParentSupport).Title, Goal(1, "tafels."),
            ],
            needs);
    }

    [Fact]
    public void Every_sentence_keeps_the_provenance_of_the_text_it_comes_from()
    {
        var opp = DraftPlans.Complete();
        var draft = Assembler.Assemble(opp);

        var analysis = draft.Section(DraftSectionKind.Insight).Blocks[0];
        Assert.Equal(3, analysis.Sentences.Count);
        Assert.All(analysis.Sentences, s => Assert.Same(opp.Insight.Analysis!.Source, s.Source));
        var aiNeed = draft.Sentences.Where(s => s.Source?.Origin == TextOrigin.Ai).Select(s => s.Text);
        Assert.Equal(["Als leraar wil ik bereiken dat Fenna zelf om hulp vraagt.", "Ik heb daarvoor tips van de IB'er nodig."], aiNeed);
        Assert.Contains(draft.Sentences, s => s.Source?.Role == OppAssistant.Core.Conversation.Role.Pupil);
    }

    [Fact]
    public void Provenance_marks_follow_every_sentence_when_asked_and_the_legend_explains_them()
    {
        var draft = Assembler.Assemble(DraftPlans.Complete());
        var person = Draft.Provenance.For(TextOrigin.Person).Marker;
        var template = Draft.Provenance.For(TextOrigin.Template).Marker;
        var ai = Draft.Provenance.For(TextOrigin.Ai).Marker;

        var md = Markdown.Render(draft, new DraftMarkdownOptions(ProvenanceMarks: true));

        foreach (var sentence in draft.Sentences)
        {
            var mark = sentence.Source is { } source ? Draft.Provenance.For(source.Origin).Marker : null;
            if (mark is null)
            {
                Assert.Contains(sentence.Text, md, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($"{sentence.Text} {mark}", md, StringComparison.Ordinal);
            }
        }
        Assert.Contains($"Fenna leert goed als de instructie kort is en ze meteen zelf aan de slag kan. {person} Lange instructies", md, StringComparison.Ordinal);
        Assert.Contains($"met direct feedback. {template}", md, StringComparison.Ordinal);
        Assert.Contains($"Ik heb daarvoor tips van de IB'er nodig. {ai}", md, StringComparison.Ordinal);
        Assert.Contains(Markdown.Legend(), md, StringComparison.Ordinal);
        Assert.All(Draft.Provenance.Marks, m => Assert.Contains($"{m.Marker} {m.Meaning}", Markdown.Legend(), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_asking_the_draft_shows_no_provenance_marks()
    {
        var md = Markdown.Render(Assembler.Assemble(DraftPlans.Complete()));

        Assert.All(Draft.Provenance.Marks, m => Assert.DoesNotContain(m.Marker, md, StringComparison.Ordinal));
        Assert.DoesNotContain(Draft.Provenance.Legend, md, StringComparison.Ordinal);
        Assert.Contains("Fenna leert goed als de instructie kort is en ze meteen zelf aan de slag kan. Lange instructies", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typical_plan_is_estimated_at_one_to_three_pages_without_a_warning()
    {
        var opp = DraftPlans.Complete();
        Assert.Equal((7, 2, 4, 2), (opp.Factors.Count, opp.Goals.Count, opp.ActionPart.Needs.Count, opp.ActionPart.Agreements.Count));

        var draft = Assembler.Assemble(opp);

        Assert.InRange(draft.Length.Pages, 1.0, 3.0);
        Assert.False(draft.Length.TooLong);
        var pages = draft.Length.Pages.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        Assert.Equal(DraftDialog.Fill(Draft.Length.Estimate, ("pages", pages), ("target", "2")), draft.Length.Estimate);
        var md = Markdown.Render(draft);
        Assert.Contains(draft.Length.Estimate, md, StringComparison.Ordinal);
        Assert.DoesNotContain(Draft.Length.TooLong.Split('{')[0], md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bloated_plan_is_estimated_above_five_pages_and_warned_about()
    {
        var draft = Assembler.Assemble(DraftPlans.Bloated());

        Assert.True(draft.Length.Pages > PageEstimate.MaximumPages, $"{draft.Length.Pages} pages");
        var pages = draft.Length.Pages.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        Assert.Equal(DraftDialog.Fill(Draft.Length.TooLong, ("pages", pages), ("max", "5")), draft.Length.Warning);
        var md = Markdown.Render(draft);
        Assert.Contains("> " + draft.Length.Warning!.Split('\n')[0], md, StringComparison.Ordinal);
    }

    [Fact]
    public void More_text_never_makes_the_estimate_shorter()
    {
        var opp = DraftPlans.Complete();
        var before = Assembler.Assemble(opp).Length.Lines;
        opp.Factors.Add(new Factor("f8", Circle.Home, Influence.Supporting, "Vader vraagt elke dag hoe het op school ging.", new DateOnly(2026, 10, 5), DraftPlans.Teacher("factor_home_supporting")));

        Assert.True(Assembler.Assemble(opp).Length.Lines > before);
    }

    [Fact]
    public void Nothing_is_missing_from_a_complete_plan()
    {
        var draft = Assembler.Assemble(DraftPlans.Complete());

        Assert.Empty(draft.Missing);
        Assert.True(draft.IsComplete);
        Assert.Contains(Draft.Missing.None, Markdown.Render(draft), StringComparison.Ordinal);
    }

    [Fact]
    public void The_missing_list_names_exactly_what_an_incomplete_plan_lacks()
    {
        var opp = DraftPlans.Complete();
        opp.Factors.RemoveAll(f => f.Circle != Circle.Pupil && f.Influence == Influence.Hindering);
        opp.Perspective.Rationale = null;
        opp.Goals[1].SuccessCriterion = null;
        opp.Goals[1].EvaluateOn = null;
        opp.ActionPart.Needs.RemoveAll(n => n.Kind == NeedKind.ParentSupport);
        opp.ActionPart.Agreements.Clear();
        opp.EvaluationMoments.Clear();
        opp.PupilVoice = null;
        opp.Parents = null;

        var draft = Assembler.Assemble(opp);

        Assert.Equal(
            [
                MissingPartKind.FactorsHinderingEnvironment, MissingPartKind.PerspectiveRationale, MissingPartKind.GoalIncomplete,
                MissingPartKind.NeedsParentSupport, MissingPartKind.Agreements, MissingPartKind.EvaluationMoments,
                MissingPartKind.PupilVoice, MissingPartKind.Parents,
            ],
            draft.Missing.Select(m => m.Kind));
        Assert.Equal(
            [DraftSectionKind.Overview, DraftSectionKind.Perspective, DraftSectionKind.Goals, DraftSectionKind.ActionPart, DraftSectionKind.ActionPart,
             DraftSectionKind.Evaluation, DraftSectionKind.PupilVoice, DraftSectionKind.Parents],
            draft.Missing.Select(m => m.Section));
        var goal = draft.Missing.Single(m => m.Kind == MissingPartKind.GoalIncomplete);
        Assert.Equal(DraftDialog.Fill(Draft.Missing.For(MissingPartKind.GoalIncomplete).Text, ("n", "2"), ("parts", "succescriterium, evaluatiedatum")), goal.Text);
        Assert.All(draft.Missing, m => Assert.NotEmpty(m.Sources));

        var md = Markdown.Render(draft);
        Assert.Contains($"**{Draft.Missing.Intro}**", md, StringComparison.Ordinal);
        Assert.All(draft.Missing, m => Assert.Contains($"- **{Draft.Section(m.Section).Title}:** {m.Text}", md, StringComparison.Ordinal));
        Assert.Contains($"**{Draft.Label("success_criterion")}:** _{Draft.Label("not_filled")}_", md, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_plan_names_each_empty_circle_once_and_every_part()
    {
        var draft = Assembler.Assemble(new OppDocument());

        Assert.Equal(
            [
                MissingPartKind.PupilReason, MissingPartKind.FactorsPupil, MissingPartKind.FactorsSchool, MissingPartKind.FactorsHome,
                MissingPartKind.InsightAnalysis, MissingPartKind.PerspectiveLevels, MissingPartKind.PerspectiveFollowOn, MissingPartKind.PerspectiveRationale,
                MissingPartKind.Goals, MissingPartKind.NeedsEducational, MissingPartKind.NeedsParenting, MissingPartKind.NeedsTeacherSupport,
                MissingPartKind.NeedsParentSupport, MissingPartKind.SupportAndApproach, MissingPartKind.Agreements, MissingPartKind.EvaluationMoments,
                MissingPartKind.PupilVoice, MissingPartKind.Parents,
            ],
            draft.Missing.Select(m => m.Kind));
        Assert.Equal(Draft.Label("title_unnamed"), draft.Title);
        Assert.Equal(9, draft.Sections.Count);
    }

    [Fact]
    public void The_parents_section_shows_each_parents_words_and_decision_and_why_the_plan_cannot_be_adopted()
    {
        var opp = DraftPlans.Complete();
        var at = opp.Parents!.Consents[0].At.AddDays(1);
        opp.Parents.Contributions.Add(new ParentContribution { Id = "o2", Label = "Vader", HasCustody = true, StartedAt = at });
        opp.Parents.Consents.Add(new ParentConsent("o2", "Vader", true, ConsentDecision.NotAgreed, at, "directline", "c2")
        {
            Reasons = new TextEntry("Eerst een gesprek.", new Provenance(Role.Parent, "consent_reasons", at, TextOrigin.Person)),
        });

        var draft = Assembler.Assemble(opp);
        var section = draft.Section(DraftSectionKind.Parents);

        var headings = section.Blocks.Where(b => b.Kind == DraftBlockKind.Subheading).Select(b => b.Label).ToList();
        Assert.Equal(2, headings.Count);
        Assert.StartsWith("Vader (" + Draft.Label("custody_yes") + ")", headings[1], StringComparison.Ordinal);
        Assert.Contains(section.Blocks, b => b.Sentences.Any(s => s.Text == "Eerst een gesprek." && s.Source!.Role == Role.Parent));
        Assert.Equal(2, section.Blocks.Count(b => b.Label == Draft.Label("parents_words")));
        Assert.Equal(Draft.Label("adoption_not_agreed", ("parent", "Vader"), ("reasons", "Eerst een gesprek.")), section.Blocks[^1].Label);
        Assert.Contains(MissingPartKind.ParentsConsent, draft.Missing.Select(m => m.Kind));
    }

    [Fact]
    public void Half_filled_parts_say_what_each_one_still_needs()
    {
        var opp = DraftPlans.Complete();
        opp.Pupil.SchoolType = SchoolType.Vo;
        opp.Perspective.FollowOn = null;
        opp.Factors.RemoveAll(f => f.Influence == Influence.Supporting);
        opp.ActionPart.Needs.Add(new Need("n5", NeedKind.Educational, "g9", "Om zelfstandig te werken heeft Fenna een dagplanning op haar tafel nodig, met pictogrammen voor elke taak.", DraftPlans.Teacher("need")));
        opp.ActionPart.Agreements[1].How = null;
        opp.PupilVoice!.Conversations[0].Answers[0].Weighing = null;
        opp.Parents!.Consents.Clear();

        var missing = Assembler.Assemble(opp).Missing;

        Assert.Equal(
            [
                MissingPartKind.FactorsSupporting, MissingPartKind.NeedWithoutGoal, MissingPartKind.AgreementIncomplete,
                MissingPartKind.PupilVoiceIncomplete, MissingPartKind.ParentsConsent,
            ],
            missing.Select(m => m.Kind));
        Assert.Equal(
            DraftDialog.Fill(Draft.Missing.For(MissingPartKind.NeedWithoutGoal).Text, ("need", "Om zelfstandig te werken heeft Fenna een dagplanning op haar…")),
            missing[1].Text);
        Assert.Equal(DraftDialog.Fill(Draft.Missing.For(MissingPartKind.AgreementIncomplete).Text, ("n", "2"), ("parts", "hoe")), missing[2].Text);
        Assert.Equal(DraftDialog.Fill(Draft.Missing.For(MissingPartKind.PupilVoiceIncomplete).Text, ("parts", "wat het in het plan veranderde")), missing[3].Text);
    }

    [Fact]
    public void The_pupils_voice_and_the_parents_part_are_present_and_marked_as_still_to_come_while_empty()
    {
        var opp = DraftPlans.Complete();
        opp.PupilVoice = new PupilVoice();
        opp.Parents = null;

        var draft = Assembler.Assemble(opp);

        foreach (var kind in new[] { DraftSectionKind.PupilVoice, DraftSectionKind.Parents })
        {
            var section = draft.Section(kind);
            Assert.True(section.Pending);
            var note = Assert.Single(section.Blocks);
            Assert.Equal((DraftBlockKind.Note, Draft.Section(kind).Pending), (note.Kind, note.Label));
            Assert.Contains($"### {(int)kind + 1}. {Draft.Section(kind).Title}\n\n_{Draft.Section(kind).Pending}_", Markdown.Render(draft), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secondary_education_has_no_follow_on_line_and_choices_read_as_the_teacher_chose_them()
    {
        var opp = DraftPlans.Complete();
        opp.Pupil.SchoolType = SchoolType.Vo;
        opp.Perspective.FollowOn = null;
        opp.Perspective.Levels = ["mbo_3"];

        var perspective = Assembler.Assemble(opp).Section(DraftSectionKind.Perspective);

        Assert.Equal([Draft.Label("levels"), Draft.Label("rationale")], perspective.Blocks.Select(b => b.Label));
        Assert.Equal("Mbo 3", perspective.Blocks[0].Sentences.Single().Text);
        Assert.Null(perspective.Blocks[0].Sentences.Single().Source);
    }

    [Theory]
    [InlineData("Eén. Twee! Drie? Vier", new[] { "Eén.", "Twee!", "Drie?", "Vier" })]
    [InlineData("Bijv. een koptelefoon, o.a. bij toetsen.", new[] { "Bijv. een koptelefoon, o.a. bij toetsen." })]
    [InlineData("Hij zei: \"Het lukt.\" Daarna ging hij door.", new[] { "Hij zei: \"Het lukt.\"", "Daarna ging hij door." })]
    [InlineData("Eerste regel\ntweede regel", new[] { "Eerste regel", "tweede regel" })]
    [InlineData("Toets 3. 80% goed.", new[] { "Toets 3.", "80% goed." })]
    public void Texts_are_split_into_sentences(string text, string[] sentences)
    {
        Assert.Equal(sentences, DraftAssembler.Sentences(text, null).Select(s => s.Text));
    }
}
