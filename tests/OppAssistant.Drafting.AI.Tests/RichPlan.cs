using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>
/// A plan filled with everything that must never leave the service: names, birth dates, an address, a BSN, phone
/// numbers, e-mail addresses and school names (all invented), spread over the fields the prompts use.
/// </summary>
internal static class RichPlan
{
    /// <summary>Configured as AiDrafting:SchoolNames.</summary>
    public const string ConfiguredSchool = "Het Palet";

    /// <summary>Every identifying detail in the plan; none may appear in a request body.</summary>
    public static readonly string[] Secrets =
    [
        "Lina", "Fatima", "Johan", "Bakker", "Anja", "Vries", "Bas", "Karel", "Appelman", "Noor", "Pieters", "Joris",
        "12-03-2015", "3 mei 2015", "2015", "Dorpsstraat", "1234 AB", "Utrecht", "Lindelaan", "3511 BK",
        "06-12345678", "12345678", "(030) 123 45 67", "123 45 67", "+31 6 98765432", "98765432",
        "johan.bakker@example.nl", "k.appelman@school.example", "example.nl", "school.example",
        "123456782", "111222333",
        "Regenboog", "Kompas", "Palet", "Sterrenwacht",
    ];

    public static readonly DateTimeOffset At = new(2026, 9, 14, 10, 0, 0, TimeSpan.FromHours(2));

    public static OppDocument Create()
    {
        var plan = new OppDocument
        {
            Id = "opp-1",
            OwnerKey = "teacher-1",
            Pupil = new PupilProfile { Name = "Lina", GroupOrYear = "groep 6", SchoolType = SchoolType.Po, Reason = "Lina leest moeizaam." },
        };
        plan.Factors.AddRange(
        [
            Factor("f1", Circle.Pupil, Influence.Hindering, "Lina (geboren 12-03-2015) raakt snel afgeleid bij lange teksten; juf Anja de Vries ziet dat ze na tien minuten stopt."),
            Factor("f2", Circle.Pupil, Influence.Supporting, "Lina is gemotiveerd als ze mag kiezen waarover ze leest, bijvoorbeeld over paarden."),
            Factor("f3", Circle.Home, Influence.Supporting, "Ze woont met haar moeder Fatima op de Dorpsstraat 12, 1234 AB Utrecht; moeder leest elke avond met haar."),
            Factor("f4", Circle.Home, Influence.Hindering, "Vader Johan is alleen bereikbaar op 06-12345678 of johan.bakker@example.nl en komt niet naar gesprekken."),
            Factor("f5", Circle.School, Influence.Hindering, "BSN 123456782 staat in het dossier; eerder zat ze op basisschool De Regenboog en op OBS Het Kompas, nu op Het Palet."),
            Factor("f6", Circle.School, Influence.Supporting, "Karel Appelman (RT) werkt twee keer per week met haar, bereikbaar via (030) 123 45 67 of k.appelman@school.example."),
            Factor("f7", Circle.Pupil, Influence.Supporting, "Geboren op 3 mei 2015 volgens het oude dossier, burgerservicenummer 111222333; haar broer Joris helpt soms met lezen."),
            Factor("f8", Circle.Home, Influence.Hindering, "Oma Noor Pieters woont op de Lindelaan 4, 3511 BK Utrecht en haalt haar op; bel +31 6 98765432 in noodgevallen. Vroeger CBS Sterrenwacht."),
        ]);
        plan.Goals.Add(Goal());
        plan.ActionPart.Agreements.AddRange(
        [
            new Agreement { Id = "a1", Who = Text("meester Bas"), What = Text("geeft Lina vier keer per week tien minuten extra leesinstructie"), When = Text("ma, di, do en vr"), How = Text("in een klein groepje") },
            new Agreement { Id = "a2", Who = Text("Anja de Vries (IB)"), What = Text("volgt de leesontwikkeling"), When = Text("elke zes weken"), How = Text("met een korte leestoets") },
            new Agreement { Id = "a3", Who = Text("de moeder van Lina"), What = Text("leest elke avond samen"), When = Text("elke avond"), How = Text("tien minuten") },
            new Agreement { Id = "a4", Who = Text("Karel Appelman"), What = Text("oefent vloeiend lezen"), When = Text("dinsdag en donderdag"), How = Text("met herhaald lezen") },
        ]);
        return plan;
    }

    public static ShortTermGoal Goal() => new()
    {
        Id = "g1",
        Domain = GoalDomain.Learning,
        Description = Text("Lina leest vlotter: ze leest een tekst van haar niveau hardop zonder te stoppen, en juf Anja hoort minder fouten."),
        SuccessCriterion = Text("Lina leest op 1 april 2027 een AVI-E5-tekst met hoogstens vijf fouten."),
        Monitoring = Text("Om de twee weken een leestoets van één minuut bij meester Bas."),
        EvaluateOn = new DateOnly(2027, 4, 1),
    };

    /// <summary>A section for the parents, full of names and contact details.</summary>
    public const string SectionForParents =
        "Meester Bas geeft Lina vier keer per week extra instructie in technisch lezen. Karel Appelman (RT) oefent op dinsdag en donderdag. " +
        "Vragen? Mail k.appelman@school.example of bel (030) 123 45 67. Thuis leest moeder Fatima elke avond met Lina, op de Dorpsstraat 12.";

    public static TextEntry Text(string text) => new(text, new Provenance(Role.Teacher, null, At, TextOrigin.Person));

    private static Factor Factor(string id, Circle circle, Influence influence, string text) =>
        new(id, circle, influence, text, new DateOnly(2026, 9, 1), new Provenance(Role.Teacher, null, At, TextOrigin.Person));
}
