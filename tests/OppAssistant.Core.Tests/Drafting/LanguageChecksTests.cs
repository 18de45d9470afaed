using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Drafting;

/// <summary>The language checks on the texts of a plan, with the word lists of the repository's dialogs/language-checks.yaml.</summary>
public sealed class LanguageChecksTests
{
    private static readonly LanguageChecks Checks = DialogCatalog.Load(Repo.DialogsDirectory).LanguageChecks;

    private static readonly Provenance By = new(Role.Teacher, "test", new DateTimeOffset(2026, 9, 14, 10, 0, 0, TimeSpan.Zero), TextOrigin.Person);

    // ── 1. Labels ──────────────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("Sam heeft ADHD en kan moeilijk op zijn plek blijven.", "ADHD")]
    [InlineData("Noor is een echte ADHD'er.", "ADHD")]
    [InlineData("Daan is nogal add-achtig in de middag.", "add")]
    [InlineData("Vermoedelijk ADD, het onderzoek loopt nog.", "ADD")]
    [InlineData("Lotte heeft ASS-kenmerken.", "ASS")]
    [InlineData("Mila is autistisch en raakt in paniek bij veranderingen.", "autistisch")]
    [InlineData("Finn is een autist.", "autist")]
    [InlineData("Thuis is Yara rustig; de diagnose PDD-NOS is twee jaar geleden gesteld.", "diagnose PDD")]
    [InlineData("Bram heeft kenmerken van ODD.", "heeft kenmerken van ODD")]
    [InlineData("Er is een vermoeden van dyscalculie.", "dyscalculie")]
    [InlineData("Jesse heeft een angststoornis.", "angststoornis")]
    [InlineData("Door een hechtingsstoornis vertrouwt Ilse volwassenen niet snel.", "hechtingsstoornis")]
    [InlineData("Tim heeft DCD, schrijven kost hem veel moeite.", "DCD")]
    [InlineData("Sem heeft TOS.", "TOS")]
    [InlineData("Sara heeft een AD(H)D-achtig profiel.", "AD(H)D")]
    [InlineData("Levi heeft Autisme.", "Autisme")]
    [InlineData("Emma heeft klassiek autisme en een authistische broer.", "autisme")]
    [InlineData("Zoë is hoogsensitief.", "hoogsensitief")]
    public void A_label_in_a_factor_is_flagged_with_the_words_as_typed(string text, string found)
    {
        var finding = Assert.Single(Checks.CheckText(text, TextKind.Factor), f => f.Check == LanguageCheckId.Label);

        Assert.Contains(found, finding.Found, StringComparison.Ordinal);
        Assert.Contains("**" + finding.Found + "**", finding.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("{", finding.Hint, StringComparison.Ordinal);
        Assert.Equal(TextKind.Factor, finding.Kind);
    }

    [Theory]
    [InlineData("Sam heeft ADHD en ODD.", "ADHD en ODD")]
    [InlineData("Bram heeft kenmerken van ADHD.", "heeft kenmerken van ADHD")]
    [InlineData("Sam heeft ADHD. Later bleek er ook ADD te spelen.", "ADHD, ADD")]
    public void Labels_that_share_a_hint_are_named_together(string text, string found)
    {
        var finding = Assert.Single(Checks.CheckText(text, TextKind.Factor));

        Assert.Equal(found, finding.Found);
    }

    [Fact]
    public void Dyslexia_and_giftedness_get_their_own_hint()
    {
        var dyslexia = Assert.Single(Checks.CheckText("Daan is dyslectisch.", TextKind.Need));
        var gifted = Assert.Single(Checks.CheckText("Noor is hoogbegaafd en verveelt zich in de rekenles.", TextKind.Factor));
        var both = Checks.CheckText("Sam heeft dyslexie en ADHD.", TextKind.Factor);

        Assert.Contains("examen", dyslexia.Hint, StringComparison.Ordinal);
        Assert.NotEqual(Checks.Hints[LanguageCheckId.Label].Text.Replace("{found}", "hoogbegaafd", StringComparison.Ordinal), gifted.Hint);
        Assert.Contains("geen stoornis", gifted.Hint, StringComparison.Ordinal);
        Assert.Equal(["dyslexie", "ADHD"], both.Select(f => f.Found));
    }

    [Theory]
    [InlineData("Sam leest graag over dieren.")]
    [InlineData("Daan kladdert in zijn schrift en vindt adders spannend.")]
    [InlineData("De ouders zijn assertief en denken goed mee.")]
    [InlineData("Mila werkt met de onderwijsassistent aan de instructietafel.")]
    [InlineData("In de klas luisteren we elke ochtend naar een cd met liedjes.")]
    [InlineData("Finn eet graag een tosti in de pauze.")]
    [InlineData("Lotte rijdt op een autoped naar school en is trots op haar autootje.")]
    [InlineData("De school werkt handelingsgericht en de diagnostiek loopt via de IB'er.")]
    [InlineData("Bram is een begaafde tekenaar.")]
    [InlineData("De groep is rustig; de leraar wordt zelden gestoord.")]
    [InlineData("Yara heeft korte opdrachten nodig met een duidelijk eindpunt.")]
    [InlineData("Sem doet het goed met een adres op de envelop en een addendum bij zijn weektaak.")]
    public void Ordinary_words_that_contain_a_label_are_not_flagged(string text)
    {
        Assert.DoesNotContain(Checks.CheckText(text, TextKind.Factor), f => f.Check == LanguageCheckId.Label);
    }

    [Fact]
    public void Labels_are_not_checked_in_a_goal()
    {
        Assert.Empty(Checks.CheckText("Sam kan voor de kerst met zijn ADHD-coach 3 afspraken over plannen maken.", TextKind.GoalDescription));
    }

    // ── 2. Problem language ────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("Sam vraagt dwingend om aandacht.", "vraagt dwingend om aandacht")]
    [InlineData("Sam vraagt voortdurend dwingend om aandacht van de juf.", "vraagt voortdurend dwingend om aandacht")]
    [InlineData("Daan is erg lui bij het lezen.", "lui")]
    [InlineData("Noor wil niet lezen.", "wil niet")]
    [InlineData("Mila is brutaal tegen de juf.", "brutaal")]
    [InlineData("Finn zeurt de hele dag over de weektaak.", "zeurt")]
    [InlineData("Lotte is ongemotiveerd voor rekenen.", "ongemotiveerd")]
    [InlineData("Bram kan niet stilzitten tijdens de instructie.", "niet stilzitten")]
    [InlineData("Yara is een stoorzender in de groep.", "stoorzender")]
    [InlineData("Sem luistert vaak niet naar de instructie.", "luistert vaak niet")]
    [InlineData("Jesse is agressief op het plein.", "agressief")]
    [InlineData("Ilse is traag met schrijven.", "traag")]
    [InlineData("Tim is faalangstig bij toetsen.", "faalangstig")]
    [InlineData("Sara heeft een kort lontje.", "kort lontje")]
    [InlineData("Levi doet niks in de rekenles.", "doet niks")]
    [InlineData("De ouders werken niet mee.", "ouders werken niet mee")]
    [InlineData("Emma verstoort de les door te roepen.", "verstoort de les")]
    public void Problem_language_is_flagged_with_a_reframing(string text, string found)
    {
        var finding = Assert.Single(Checks.CheckText(text, TextKind.Factor), f => f.Check == LanguageCheckId.ProblemLanguage);

        Assert.Equal(found, finding.Found);
        Assert.False(string.IsNullOrWhiteSpace(finding.Suggestion));
        Assert.Contains(finding.Suggestion!, finding.Hint, StringComparison.Ordinal);
        Assert.Contains("**" + found + "**", finding.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_of_the_source_becomes_a_need_for_confirmation()
    {
        var finding = Assert.Single(Checks.CheckText("Sam vraagt voortdurend dwingend om aandacht.", TextKind.Need));

        Assert.StartsWith("heeft behoefte aan bevestiging", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_phrase_in_a_text_is_named_in_the_order_written()
    {
        var findings = Checks.CheckText("Daan is lui en doet niks in de rekenles; hij zeurt veel.", TextKind.Factor);

        Assert.Equal(["lui", "doet niks", "zeurt"], findings.Select(f => f.Found));
    }

    [Theory]
    [InlineData("Sam is niet lui, maar heeft moeite om te beginnen.")]
    [InlineData("Noor wil niet alleen lezen, maar ook zelf verhalen schrijven.")]
    [InlineData("Daan doet niets liever dan tekenen.")]
    [InlineData("Mila stoort zich aan geluid in de klas.")]
    [InlineData("Finn volgt een faalangsttraining bij de IB'er.")]
    [InlineData("Lotte luistert graag naar verhalen.")]
    [InlineData("Bram heeft veel behoefte aan bevestiging.")]
    [InlineData("Yara vraagt om hulp als ze vastloopt.")]
    [InlineData("Sem leest in de leeshoek, in een luie stoel.")]
    [InlineData("Jesse vraagt niet dwingend om aandacht, maar wacht zijn beurt af.")]
    [InlineData("De ouders willen niet dat Ilse naar een andere school gaat.")]
    [InlineData("Tim is nooit brutaal en helpt graag.")]
    public void Neutral_and_negated_sentences_are_not_problem_language(string text)
    {
        Assert.DoesNotContain(Checks.CheckText(text, TextKind.Factor), f => f.Check == LanguageCheckId.ProblemLanguage);
    }

    // ── 3. Goals without success criterion or evaluation date ───────────────────────────────────────────

    [Fact]
    public void A_goal_without_success_criterion_or_evaluation_date_is_flagged_for_each_part()
    {
        var plan = Plan();
        plan.Goals.Add(Goal("g1", "Sam leest voor de kerstvakantie een tekst op AVI-E5 vlot voor.", criterion: null, evaluateOn: null));
        plan.Goals.Add(Goal("g2", "Sam maakt de tafels van 1 tot en met 5 zonder fouten.", criterion: "   ", evaluateOn: new DateOnly(2027, 1, 29)));

        var findings = Checks.Check(plan, []);

        Assert.Equal(
            [(LanguageCheckId.MissingSuccessCriterion, TextKind.SuccessCriterion, "g1"), (LanguageCheckId.MissingEvaluationDate, TextKind.EvaluationDate, "g1"),
             (LanguageCheckId.MissingSuccessCriterion, TextKind.SuccessCriterion, "g2")],
            findings.Select(f => (f.Check, f.Kind, f.Id)));
        Assert.All(findings, f => Assert.Equal(Checks.Hints[f.Check].Text, f.Hint));
    }

    [Fact]
    public void A_complete_concrete_goal_passes()
    {
        var plan = Plan();
        plan.Goals.Add(Goal("g1", "Sam leest voor de kerst AVI-E5 vlot.", "Bij de AVI-toets in december leest Sam de kaart E5 binnen de tijd.", new DateOnly(2026, 12, 18)));

        Assert.Empty(Checks.Check(plan, []));
    }

    // ── 4. Vague goals ─────────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("Sam maakt vorderingen met lezen.", "maakt vorderingen")]
    [InlineData("Noor ontwikkelt zich op sociaal gebied.", "ontwikkelt zich")]
    [InlineData("Daan gaat vooruit met rekenen.", "vooruit")]
    [InlineData("Mila doet beter haar best.", "doet beter haar best")]
    [InlineData("Finn wordt beter in spelling.", "beter")]
    [InlineData("Lotte verbetert haar werkhouding.", "verbetert")]
    [InlineData("Bram groeit in zelfvertrouwen.", "groeit")]
    [InlineData("Yara zit lekkerder in haar vel.", "in haar vel")]
    [InlineData("Sem leert omgaan met teleurstellingen.", "leert omgaan met")]
    [InlineData("Jesse heeft meer zelfvertrouwen in de klas.", "meer")]
    [InlineData("Lotte kan omgaan met veranderingen in het rooster.", "omgaan met")]
    [InlineData("Sem werkt aan zijn werkhouding.", "werkt aan")]
    [InlineData("Yara voelt zich veilig in de groep.", "voelt zich")]
    public void A_vague_goal_is_flagged(string text, string found)
    {
        var finding = Assert.Single(Checks.CheckText(text, TextKind.GoalDescription));

        Assert.Equal((LanguageCheckId.VagueGoal, found), (finding.Check, finding.Found));
        Assert.Contains("**" + found + "**", finding.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sam leest voor de kerst AVI-E5 vlot.")]
    [InlineData("Noor gaat vooruit in technisch lezen: eind januari leest ze een tekst op AVI-E5 met hooguit drie fouten.")]
    [InlineData("Daan verbetert zijn eigen werk met de antwoordkaart.")]
    [InlineData("Mila maakt haar weektaak elke vrijdag af.")]
    [InlineData("Finn steekt zijn vinger op als hij iets wil vragen.")]
    [InlineData("Lotte kent de tafels van 1 tot en met 10.")]
    [InlineData("Bram wordt beter in rekenen en haalt in juni een B op de M-toets.")]
    [InlineData("Yara raakt niet meer in paniek als er een invaller is.")]
    [InlineData("Sem doet beter zijn best: hij maakt zijn werk af zonder hulp.")]
    [InlineData("Jesse kan in een groepje samenwerken zonder ruzie.")]
    public void A_concrete_goal_is_not_vague(string text)
    {
        Assert.Empty(Checks.CheckText(text, TextKind.GoalDescription));
    }

    [Fact]
    public void A_vague_description_is_fine_when_the_success_criterion_is_concrete()
    {
        var plan = Plan();
        plan.Goals.Add(Goal("g1", "Sam gaat vooruit met begrijpend lezen.", "Sam beantwoordt bij de toets in maart 8 van de 10 vragen goed.", new DateOnly(2027, 3, 19)));
        plan.Goals.Add(Goal("g2", "Noor ontwikkelt zich op sociaal gebied.", "Noor zit lekkerder in haar vel.", new DateOnly(2027, 3, 19)));

        var findings = Checks.Check(plan, []);

        Assert.Equal(
            [(LanguageCheckId.VagueGoal, TextKind.GoalDescription, "g2"), (LanguageCheckId.VagueGoal, TextKind.SuccessCriterion, "g2")],
            findings.Select(f => (f.Check, f.Kind, f.Id)));
    }

    [Fact]
    public void Vagueness_is_not_checked_in_a_factor()
    {
        Assert.Empty(Checks.CheckText("Sam gaat vooruit met lezen sinds hij in groep 5 zit.", TextKind.Factor));
        Assert.Empty(Checks.CheckText("Sam maakt vorderingen.", TextKind.Factor));
    }

    // ── 5. Needs without a goal ────────────────────────────────────────────────────────────────────────

    [Fact]
    public void A_need_without_goal_or_with_an_unknown_goal_is_flagged()
    {
        var plan = Plan();
        plan.Goals.Add(Goal("g1", "Sam leest voor de kerst AVI-E5 vlot.", "Sam leest de AVI-kaart E5 binnen de tijd.", new DateOnly(2026, 12, 18)));
        plan.ActionPart.Needs.Add(new Need("n1", NeedKind.Educational, "g1", "heeft elke dag tien minuten extra leestijd nodig met een maatje", By));
        plan.ActionPart.Needs.Add(new Need("n2", NeedKind.Parenting, null, "heeft thuis een vaste plek nodig om te lezen", By));
        plan.ActionPart.Needs.Add(new Need("n3", NeedKind.TeacherSupport, "g7", "als leraar heb ik nog tips nodig voor het duolezen", By));
        plan.ActionPart.Needs.Add(new Need("n4", NeedKind.ParentSupport, "", "als ouder heb ik uitleg nodig over de leesaanpak", By));

        var findings = Checks.Check(plan, []);

        Assert.Equal(["n2", "n3", "n4"], findings.Where(f => f.Check == LanguageCheckId.NeedWithoutGoal).Select(f => f.Id));
        Assert.All(findings, f => Assert.Equal(LanguageCheckId.NeedWithoutGoal, f.Check));
    }

    [Fact]
    public void A_need_is_checked_for_labels_and_problem_language_with_its_id()
    {
        var plan = Plan();
        plan.Goals.Add(Goal("g1", "Sam werkt 15 minuten zelfstandig aan zijn weektaak.", "Sam werkt 15 minuten zonder hulp.", new DateOnly(2026, 12, 18)));
        plan.ActionPart.Needs.Add(new Need("n1", NeedKind.Educational, "g1", "Omdat Sam ADHD heeft en lui is, heeft hij een koptelefoon nodig.", By));

        var findings = Checks.Check(plan, []);

        Assert.Equal(
            [(LanguageCheckId.Label, TextKind.Need, "n1"), (LanguageCheckId.ProblemLanguage, TextKind.Need, "n1")],
            findings.Select(f => (f.Check, f.Kind, f.Id)));
    }

    // ── 6. Repeated text ───────────────────────────────────────────────────────────────────────────────

    private static readonly string[] OtherTexts =
    [
        "Alle leerlingen die dat nodig hebben krijgen verlengde instructie aan de instructietafel, direct na de basisinstructie.",
        "Noor heeft moeite met het plannen van haar weektaak en vergeet vaak haar spullen mee te nemen naar school.",
        "In elke groep werken we met een vast dagritme dat op het bord staat, met pictogrammen voor elke activiteit.",
    ];

    [Theory]
    [InlineData("Sam heeft moeite met het plannen van zijn weektaak en vergeet vaak zijn spullen mee te nemen naar school.")]
    [InlineData("Sam krijgt verlengde instructie aan de instructietafel, direct na de basisinstructie.")]
    [InlineData("In elke groep werken we met een vast dagritme dat op het bord staat.")]
    public void A_text_copied_from_another_plan_or_the_standard_offer_is_flagged(string text)
    {
        var finding = Assert.Single(Checks.CheckText(text, TextKind.Factor, Checks.Prepare(OtherTexts)));

        Assert.Equal(LanguageCheckId.RepeatedText, finding.Check);
        Assert.Equal(Checks.Hints[LanguageCheckId.RepeatedText].Text, finding.Hint);
    }

    [Theory]
    [InlineData("Sam heeft moeite met begrijpend lezen.")] // short and common: alike by chance
    [InlineData("Sam heeft moeite met het plannen van grote opdrachten, vooral als er geen tussenstappen zijn.")]
    [InlineData("Sam krijgt elke ochtend tien minuten extra instructie van de onderwijsassistent bij het rekenen.")]
    [InlineData("Het dagritme op het bord helpt Sam, maar bij een invaller raakt hij toch in de war.")]
    public void An_own_text_about_this_pupil_is_not_repeated(string text)
    {
        Assert.Empty(Checks.CheckText(text, TextKind.Factor, Checks.Prepare(OtherTexts)));
    }

    [Fact]
    public void The_plan_check_compares_factors_goals_needs_and_the_support_with_the_other_texts()
    {
        var plan = Plan();
        plan.Factors.Add(new Factor("f1", Circle.Pupil, Influence.Hindering, OtherTexts[1], new DateOnly(2026, 9, 1), By));
        plan.ActionPart.SupportAndApproach = new TextEntry(OtherTexts[0], By);

        var findings = Checks.Check(plan, OtherTexts);

        Assert.Equal(
            [(LanguageCheckId.RepeatedText, TextKind.Factor, "f1"), (LanguageCheckId.RepeatedText, TextKind.SupportAndApproach, null)],
            findings.Select(f => (f.Check, f.Kind, f.Id)));
    }

    [Fact]
    public void Without_other_texts_nothing_is_repeated()
    {
        Assert.Empty(Checks.CheckText(OtherTexts[1], TextKind.Factor));
        Assert.Empty(Checks.CheckText(OtherTexts[1], TextKind.Factor, Checks.Prepare([])));
    }

    // ── The whole plan ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void A_good_plan_has_no_findings()
    {
        var plan = Plan();
        plan.Factors.Add(new Factor("f1", Circle.Pupil, Influence.Supporting, "Sam leest graag over dieren en vertelt er enthousiast over.", new DateOnly(2026, 9, 1), By));
        plan.Factors.Add(new Factor("f2", Circle.Pupil, Influence.Hindering, "Sam raakt snel afgeleid als het druk is in de klas en komt dan moeilijk op gang.", new DateOnly(2026, 9, 1), By));
        plan.Factors.Add(new Factor("f3", Circle.Home, Influence.Supporting, "De ouders lezen drie keer per week tien minuten met Sam.", new DateOnly(2026, 9, 1), By));
        plan.Goals.Add(Goal("g1", "Sam leest voor de kerst AVI-E5 vlot.", "Sam leest bij de AVI-toets in december kaart E5 binnen de tijd.", new DateOnly(2026, 12, 18)));
        plan.ActionPart.Needs.Add(new Need("n1", NeedKind.Educational, "g1", "Om dit doel te halen heeft Sam een rustige werkplek nodig en een leesmaatje uit groep 7.", By));
        plan.ActionPart.SupportAndApproach = new TextEntry("Zie de basisondersteuning voor het leesaanbod; extra is het duolezen met een maatje, drie keer per week.", By);

        Assert.Empty(Checks.Check(plan, OtherTexts));
    }

    [Fact]
    public void Empty_texts_give_no_findings()
    {
        Assert.All(Enum.GetValues<TextKind>(), kind =>
        {
            Assert.Empty(Checks.CheckText(null, kind));
            Assert.Empty(Checks.CheckText(" \n ", kind));
        });
        Assert.Empty(Checks.Check(new OppDocument(), []));
    }

    [Fact]
    public void Checking_an_answer_is_fast_enough_to_run_on_every_answer()
    {
        var others = Checks.Prepare(Enumerable.Range(0, 500).Select(i => $"{OtherTexts[i % 3]} Tekst {i} van de school."));
        var answer = string.Join(" ", Enumerable.Repeat("Sam vraagt voortdurend dwingend om aandacht en heeft moeite met het plannen van zijn weektaak.", 10));
        Checks.CheckText(answer, TextKind.Factor, others);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Checks.CheckText(answer, TextKind.Factor, others);
        }

        // A generous bound (about 1 ms a check is typical): it only catches a check that became far slower.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"100 checks of a long answer took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static OppDocument Plan() => new() { Id = "opp-test", Pupil = { Name = "Sam" } };

    private static ShortTermGoal Goal(string id, string description, string? criterion, DateOnly? evaluateOn) => new()
    {
        Id = id,
        Domain = GoalDomain.Learning,
        Description = new TextEntry(description, By),
        SuccessCriterion = criterion is null ? null : new TextEntry(criterion, By),
        Monitoring = new TextEntry("observatie en methodetoets", By),
        EvaluateOn = evaluateOn,
    };
}
