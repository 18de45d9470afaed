using System.Text;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Content;

/// <summary>teacher.yaml is checked against the plan's slots, with errors that name the file and line.</summary>
public sealed class TeacherDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-teacher-" + Guid.NewGuid().ToString("n"));

    /// <summary>A copy of dialogs/, with prompts/ beside it as in the repository.</summary>
    private string DialogsCopy => Path.Combine(root, "dialogs");

    public TeacherDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy, except: "teacher.yaml");
    }

    [Fact]
    public void The_teacher_dialog_of_the_repository_asks_something_in_every_phase()
    {
        var teacher = DialogCatalog.Load(Repo.DialogsDirectory).Teacher;

        Assert.All(Enum.GetValues<TeacherPhase>(), phase => Assert.NotEmpty(teacher.QuestionsOf(phase)));
        Assert.All(teacher.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Help)));
        Assert.Contains(teacher.Questions, q => q.Slot.Name == "perspective.levels");
    }

    [Fact]
    public void A_minimal_valid_file_loads_in_phase_order()
    {
        var teacher = Load(Minimal());

        Assert.Equal(["name", "hard_at_school", "how_come", "rationale"], teacher.Questions.Select(q => q.Id));
        Assert.Equal(OppSlots.All["pupil.name"], teacher.Questions[0].Slot);
        Assert.Equal((40, false), (teacher.Questions[0].MaxLength, teacher.Questions[0].Optional));
        Assert.Equal((TeacherDialog.DefaultMaxLength, true), (teacher.Questions[1].MaxLength, teacher.Questions[1].Optional));
        Assert.Equal(["hard_at_school"], teacher.QuestionsOf(TeacherPhase.Overview).Select(q => q.Id));
    }

    [Fact]
    public void An_unknown_slot_points_at_its_question()
    {
        var yaml = Minimal().Replace("slot: pupil.name", "slot: pupil.full_name", StringComparison.Ordinal);
        var line = LineOf(yaml, "- id: name");

        var error = Assert.Throws<ContentException>(() => Load(yaml));

        Assert.StartsWith($"dialogs/teacher.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'pupil.full_name' is not a slot of the plan", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- id: how_come", "- id: name", "question id 'name' is used twice")]
    [InlineData("slot: insight.analysis", "slot: pupil.name", "slot 'pupil.name' is already asked")]
    [InlineData("input: text\n    ask: Hoe zou het komen", "input: date\n    ask: Hoe zou het komen", "takes input 'text'")]
    [InlineData("  too_long: Korter graag, hooguit {max} tekens.", "  too_long: Korter graag.", "'too_long' must use the placeholders {max}")]
    [InlineData("  done: Klaar. Code {code}.", "  later: Klaar. Code {code}.", "missing text 'done'")]
    [InlineData("  paused: Bewaard. Code {code}.", "  paused: Bewaard.", "'paused' must use the placeholders {code}")]
    [InlineData("  \"no\": [nee]", "  \"no\": [ja]", "'ja' is both a yes and a no answer")]
    [InlineData("    label: Naam\n", "", "missing 'label'")]
    [InlineData("  pause: [pauze]", "  pause: [terug]", "'terug' belongs to more than one command")]
    [InlineData("    phase: outlook", "    phase: insight", "phase 'outlook' has no questions")]
    public void Broken_content_is_refused_with_a_reason(string from, string to, string reason)
    {
        var yaml = Minimal();
        Assert.Contains(from, yaml, StringComparison.Ordinal);

        var error = Assert.Throws<ContentException>(() => Load(yaml.Replace(from, to, StringComparison.Ordinal)));

        Assert.StartsWith("dialogs/teacher.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_values_must_be_the_ones_the_plan_stores()
    {
        var yaml = Minimal().Replace("  - id: hard_at_school", """
              - id: school_type
                phase: start
                slot: pupil.school_type
                input: choice
                ask: Welk soort school?
                help: Het soort school bepaalt welke vragen volgen.
                choices:
                  - { value: po, label: Basisonderwijs }
                  - { value: mbo, label: Mbo }
              - id: hard_at_school
            """, StringComparison.Ordinal);

        var error = Assert.Throws<ContentException>(() => Load(yaml));

        Assert.Contains("the choice values must be exactly po, sbo, so, vo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_goal_needs_all_its_questions()
    {
        var yaml = Minimal().Replace("  - id: rationale", """
              - id: goal_description
                label: Doel
                phase: outlook
                slot: goal.description
                input: text
                ask: Wat is het doel?
                help: Een doel voor de komende maanden.
              - id: rationale
            """, StringComparison.Ordinal);

        var error = Assert.Throws<ContentException>(() => Load(yaml));

        Assert.Contains("the goal group needs a question for each of goal.domain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_teacher_command_may_not_shadow_a_command_that_works_everywhere()
    {
        var error = Assert.Throws<ContentException>(() => Load(Minimal().Replace("  show: [samenvatting]", "  show: [samenvatting, help]", StringComparison.Ordinal)));

        Assert.Contains("'help' is already a command in dialogs/common.yaml", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private TeacherDialog Load(string yaml)
    {
        File.WriteAllText(Path.Combine(DialogsCopy, "teacher.yaml"), yaml);
        return DialogCatalog.Load(DialogsCopy).Teacher;
    }

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;

    /// <summary>The smallest file that passes: one question per phase, every text and command.</summary>
    private static string Minimal()
    {
        var yaml = new StringBuilder("""
            progress: "Stap {step} van {total} · {phase}"
            phases:
              start: { title: Start, intro: Begin., summary: Start., sources: [bron] }
              overview: { title: Overzicht, intro: Wat gaat goed?, summary: Overzicht., sources: [bron] }
              insight: { title: Inzicht, intro: Hoe komt het?, summary: Inzicht., sources: [bron] }
              outlook: { title: Uitzicht, intro: Waar gaan we heen?, summary: Uitzicht., sources: [bron] }
            questions:
              - id: name
                label: Naam
                phase: start
                slot: pupil.name
                input: text
                ask: Hoe noemen we de leerling?
                help: Een voornaam is genoeg.
                max_length: 40
              - id: hard_at_school
                label: Lastig op school
                phase: overview
                slot: factors.school.hindering
                input: text
                ask: Wat is lastig op school?
                help: Alleen wat nu speelt.
                optional: true
              - id: how_come
                label: Analyse
                phase: insight
                slot: insight.analysis
                input: text
                ask: Hoe zou het komen?
                help: Leg verbanden.
              - id: rationale
                label: Onderbouwing
                phase: outlook
                slot: perspective.rationale
                input: text
                ask: Waarom dit perspectief?
                help: De onderbouwing van het team.
            texts:

            """);
        var withPlaceholders = new Dictionary<string, string>
        {
            ["too_long"] = "Korter graag, hooguit {max} tekens.",
            ["phase_summary"] = "Dit hebben we bij {phase}.",
            ["done"] = "Klaar. Code {code}.",
            ["paused"] = "Bewaard. Code {code}.",
            ["new_opp"] = "Nieuw. Code {code}.",
            ["my_opps_item"] = "Plan van {name}, {date}",
            ["edit_current"] = "Nu staat er {current}",
            ["goal_item"] = "Doel {n}",
            ["agreement_item"] = "Afspraak {n}",
            ["ask_more"] = "Nog een {what}?",
        };
        foreach (var key in TeacherDialog.RequiredTexts)
        {
            var placeholders = string.Concat(TeacherDialog.Placeholders.GetValueOrDefault(key, []).Select(p => $" {{{p}}}"));
            yaml.Append("  ").Append(key).Append(": ").Append(withPlaceholders.GetValueOrDefault(key, $"Tekst voor {key}{placeholders}.")).Append('\n');
        }
        yaml.Append("""
            commands:
              skip: [sla over]
              back: [terug]
              pause: [pauze]
              show: [samenvatting]
              edit: [wijzig]
              my_opps: [mijn opps]
              new_opp: [nieuw opp]
              resume: [verder]
              need_rewrite: [anders]
              need_drop: [weglaten]
              draft: [concept]
              parents_draft: [concept voor ouders]
              invite_pupil: [leerling uitnodigen]
              invite_parents: [ouders uitnodigen]
              pupil_voice: [mening leerling]
            answers:
              "yes": [ja]
              "no": [nee]
              used: [gebruikt]
              partly: [deels]
              not_used: [niet gebruikt]

            """);
        return yaml.ToString();
    }
}
