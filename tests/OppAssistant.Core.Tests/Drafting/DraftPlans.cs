using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Drafting;

/// <summary>Plans to draft from: a complete, realistic one (7 factors, 2 goals, 4 needs, 2 agreements) and a bloated one. Invented names only.</summary>
internal static class DraftPlans
{
    public static readonly DateTimeOffset At = new(2026, 10, 5, 14, 30, 0, TimeSpan.FromHours(2));

    public static Provenance Teacher(string question, TextOrigin origin = TextOrigin.Person) => new(Role.Teacher, question, At, origin);

    public static TextEntry Text(string text, string question, TextOrigin origin = TextOrigin.Person) => new(text, Teacher(question, origin));

    private static Factor Factor(string id, Circle circle, Influence influence, string text, string question) =>
        new(id, circle, influence, text, new DateOnly(2026, 10, 5), Teacher(question));

    /// <summary>A plan as a teacher, the pupil and the parents would have filled it in, with every part present.</summary>
    public static OppDocument Complete()
    {
        var pupilAt = new Provenance(Role.Pupil, "pupil_helps_me", At.AddDays(7), TextOrigin.Person);
        var parentAt = new Provenance(Role.Parent, "parent_home", At.AddDays(9), TextOrigin.Person);
        return new OppDocument
        {
            Id = "opp-fenna",
            Pupil = new PupilProfile
            {
                Name = "Fenna",
                GroupOrYear = "groep 6",
                SchoolType = SchoolType.Po,
                Reason = "Fenna krijgt sinds groep 5 extra begeleiding bij technisch lezen en rekenen. Die begeleiding gaat verder dan wat de school alle leerlingen biedt.",
            },
            Factors =
            [
                Factor("f1", Circle.Pupil, Influence.Supporting, "Fenna is nieuwsgierig en leest graag over paarden; dan houdt ze het lang vol.", "factor_pupil_supporting"),
                Factor("f2", Circle.Pupil, Influence.Hindering, "Fenna raakt de draad kwijt bij lange instructies en durft dan niet om hulp te vragen.", "factor_pupil_hindering"),
                Factor("f3", Circle.Pupil, Influence.Hindering, "De tafels van 6 tot en met 9 zijn nog niet geautomatiseerd.", "factor_pupil_hindering"),
                Factor("f4", Circle.School, Influence.Supporting, "Fenna werkt goed in de rustige hoek naast een vaste klasgenoot.", "factor_school_supporting"),
                Factor("f5", Circle.School, Influence.Hindering, "Na de gymles is het lang onrustig in de groep; dan komt Fenna moeilijk aan het werk.", "factor_school_hindering"),
                Factor("f6", Circle.Home, Influence.Supporting, "Haar oma leest drie avonden per week een kwartier met haar.", "factor_home_supporting"),
                Factor("f7", Circle.Home, Influence.Hindering, "Thuis is er weinig rust om huiswerk te maken sinds de verbouwing.", "factor_home_hindering"),
            ],
            Insight = new InsightPart
            {
                Analysis = Text(
                    "Fenna leert goed als de instructie kort is en ze meteen zelf aan de slag kan. Lange instructies en onrust na de gymles maken het concentreren moeilijk. Haar liefde voor lezen en de steun van oma helpen haar om door te zetten.",
                    "insight_analysis"),
                OpenQuestions = [Text("Heeft Fenna moeite met de rekenstof zelf, of met de lange instructie ervoor?", "insight_open_questions")],
            },
            Perspective = new OutflowPerspective
            {
                Levels = ["vmbo_kader", "vmbo_gl_tl"],
                FollowOn = FollowOnEducation.Regular,
                Rationale = Text(
                    "Fenna is gemotiveerd, leest bijna op niveau en krijgt thuis steun. Rekenen blijft achter; met korte instructie en extra oefening verwacht het team vmbo kader tot vmbo gl/tl.",
                    "perspective_rationale"),
            },
            Goals =
            [
                new ShortTermGoal
                {
                    Id = "g1",
                    Domain = GoalDomain.Learning,
                    Description = Text("Fenna kent de tafels van 6 tot en met 9 uit het hoofd.", "goal_description"),
                    SuccessCriterion = Text("Fenna maakt de tafeltoets van blok 4 voor minstens 90% goed binnen vijf minuten.", "goal_success_criterion"),
                    Monitoring = Text("Elke twee weken een korte tafeltoets en een gesprekje over hoe het oefenen gaat.", "goal_monitoring"),
                    EvaluateOn = new DateOnly(2027, 1, 29),
                },
                new ShortTermGoal
                {
                    Id = "g2",
                    Domain = GoalDomain.Motivation,
                    Description = Text("Fenna vraagt zelf om hulp als ze vastloopt.", "goal_description"),
                    SuccessCriterion = Text("In drie van de vier rekenlessen vraagt Fenna zelf om hulp met de hulpkaart.", "goal_success_criterion"),
                    Monitoring = Text("De leraar turft twee weken per maand wanneer Fenna om hulp vraagt.", "goal_monitoring"),
                    EvaluateOn = new DateOnly(2027, 3, 12),
                },
            ],
            ActionPart = new ActionPart
            {
                Needs =
                [
                    new Need("n1", NeedKind.Educational, "g1", "Om de tafels te leren heeft Fenna korte instructie aan de instructietafel nodig, met direct feedback.", Teacher("need_educational", TextOrigin.Template)),
                    new Need("n2", NeedKind.Parenting, "g1", "Om de tafels te leren heeft Fenna thuis een vast en rustig moment nodig om te oefenen.", Teacher("need_parenting")),
                    new Need("n3", NeedKind.TeacherSupport, "g2", "Als leraar wil ik bereiken dat Fenna zelf om hulp vraagt. Ik heb daarvoor tips van de IB'er nodig.", Teacher("need_teacher_support", TextOrigin.Ai)),
                    new Need("n4", NeedKind.ParentSupport, "g1", "Als ouder wil ik Fenna goed helpen met de tafels. Ik heb uitleg nodig over de oefenspelletjes van school.", new Provenance(Role.Parent, "parent_support", At.AddDays(9), TextOrigin.Person)),
                ],
                SupportAndApproach = Text(
                    "Fenna krijgt vier keer per week tien minuten extra rekeninstructie in een klein groepje. Na de gymles begint ze met een vaste, korte taak.",
                    "action_support"),
                Agreements =
                [
                    new Agreement
                    {
                        Id = "a1",
                        Who = Text("De moeder van Fenna", "agreement_who"),
                        What = Text("oefent met Fenna de tafels met de flitskaarten van school", "agreement_what"),
                        When = Text("elke maandag, woensdag en vrijdag na het eten", "agreement_when"),
                        How = Text("tien minuten, daarna samen kijken wat goed ging", "agreement_how"),
                    },
                    new Agreement
                    {
                        Id = "a2",
                        Who = Text("De leraar", "agreement_who"),
                        What = Text("stuurt de ouders een kort bericht over het oefenen", "agreement_what"),
                        When = Text("elke vrijdag", "agreement_when"),
                        How = Text("via het ouderportaal", "agreement_how"),
                    },
                ],
            },
            EvaluationMoments = [new DateOnly(2027, 1, 29), new DateOnly(2027, 6, 25)],
            PupilVoice = new PupilVoice
            {
                HowInvolved = new TextEntry("Fenna sprak met haar leraar, zonder haar ouders erbij, zoals zij wilde.", pupilAt with { Role = Role.Teacher }),
                Conversations =
                [
                    new PupilConversationRecord
                    {
                        Id = "c1",
                        Band = Core.Pupil.AgeBand.Groep6To8,
                        StartedAt = pupilAt.At,
                        EndedAt = pupilAt.At.AddMinutes(12),
                        Company = "alone",
                        End = PupilConversationEnd.Finished,
                        Answers =
                        [
                            new PupilAnswer
                            {
                                Id = "a1", QuestionId = "helps_me", Part = PupilPart.Outlook, Asked = "Het helpt me als mijn juf …",
                                Status = PupilAnswerStatus.Answered, Text = "de juf de uitleg kort houdt", At = pupilAt.At,
                                Weighing = new PupilWeighing(WeighingUse.Used,
                                    new TextEntry("Daarom is de extra instructie kort en aan de instructietafel.", pupilAt with { Role = Role.Teacher })),
                            },
                            new PupilAnswer
                            {
                                Id = "a2", QuestionId = "home_hard", Part = PupilPart.Overview, Circle = Circle.Home, Asked = "Wat is moeilijk thuis?",
                                Status = PupilAnswerStatus.NotSaying, At = pupilAt.At,
                            },
                        ],
                    },
                ],
            },
            Parents = new ParentPart
            {
                Contributions =
                [
                    new ParentContribution
                    {
                        Id = "o1", Label = "Moeder", HasCustody = true, StartedAt = parentAt.At, FinishedAt = parentAt.At, Channel = "directline",
                        GoesWellAtHome = [new TextEntry("Thuis oefent Fenna het liefst met een spelletje.", parentAt)],
                        HardAtHome = [new TextEntry("Huiswerk na school lukt slecht, ze is dan moe.", parentAt)],
                        Needs =
                        [
                            new Need("o1-n1", NeedKind.Parenting, "g1", "Om het doel “Fenna leest een AVI-E4 tekst” te behalen, heeft Fenna thuis nodig: uitleg die kort is.", parentAt with { Origin = TextOrigin.Template })
                            {
                                Category = "explanation", Completion = new TextEntry("kort is", parentAt),
                            },
                        ],
                        Zienswijze = new TextEntry("Wij vinden het plan goed en helpen graag mee.", parentAt),
                    },
                ],
                Consents = [new ParentConsent("o1", "Moeder", true, ConsentDecision.Agreed, parentAt.At, "directline", "conversation-parent-1")],
            },
        };
    }

    /// <summary>Everything written out at length: 30 long factors, a long analysis, six goals, sixteen needs, eight agreements.</summary>
    public static OppDocument Bloated()
    {
        var opp = Complete();
        const string Long = "Dit is een lange beschrijving die veel te veel details bevat over de situatie, de geschiedenis en alle toetsen van de afgelopen jaren, zodat niemand het plan nog in één keer kan lezen.";
        opp.Factors = Enumerable.Range(1, 30)
            .Select(i => Factor($"f{i}", (Circle)(i % 3), (Influence)(i % 2), $"{Long} {Long}", "factor"))
            .ToList();
        opp.Insight.Analysis = Text(string.Join(' ', Enumerable.Repeat(Long, 15)), "insight_analysis");
        opp.Goals = Enumerable.Range(1, 6).Select(i => new ShortTermGoal
        {
            Id = $"g{i}",
            Domain = GoalDomain.Learning,
            Description = Text(Long, "goal_description"),
            SuccessCriterion = Text(Long, "goal_success_criterion"),
            Monitoring = Text(Long, "goal_monitoring"),
            EvaluateOn = new DateOnly(2027, 3, i),
        }).ToList();
        opp.ActionPart.Needs = Enumerable.Range(1, 16).Select(i => new Need($"n{i}", (NeedKind)(i % 4), $"g{i % 6 + 1}", $"{Long} {Long}", Teacher("need"))).ToList();
        opp.ActionPart.Agreements = Enumerable.Range(1, 8).Select(i => new Agreement
        {
            Id = $"a{i}",
            Who = Text("De leraar", "agreement_who"),
            What = Text(Long, "agreement_what"),
            When = Text("elke week", "agreement_when"),
            How = Text(Long, "agreement_how"),
        }).ToList();
        return opp;
    }
}
