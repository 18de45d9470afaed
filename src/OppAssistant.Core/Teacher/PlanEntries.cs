using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Teacher;

/// <summary>One numbered line of a summary: which answer it shows, so "aanpassen" + number can open it again.</summary>
internal sealed record PlanEntry(int Number, QuestionDialog Question, int Item, string? ItemLabel, string? Value);

/// <summary>
/// The plan as numbered lines in the order of the questions. Numbers run over the whole plan, so the number a
/// teacher reads in a phase summary means the same in the final summary. Goals and agreements show every part,
/// also a missing one, so an unfinished goal is visible.
/// </summary>
internal static class PlanEntries
{
    public static List<PlanEntry> Of(OppDocument opp, TeacherDialog dialog)
    {
        var entries = new List<PlanEntry>();
        var questions = dialog.Questions.Where(q => TeacherFlow.Applies(q, opp)).ToList();
        foreach (var question in questions)
        {
            var slot = question.Slot;
            if (slot.Group is { } group)
            {
                if (questions.First(q => q.Slot.Group == group) != question)
                {
                    continue;
                }
                var members = questions.Where(q => q.Slot.Group == group).ToList();
                for (var item = 0; item < PlanSlots.Count(opp, slot); item++)
                {
                    var itemLabel = dialog.Text(group + "_item", ("n", (item + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    foreach (var member in members)
                    {
                        entries.Add(new PlanEntry(entries.Count + 1, member, item, itemLabel, PlanSlots.Display(opp, member, item)));
                    }
                }
            }
            else if (slot.IsList)
            {
                for (var item = 0; item < PlanSlots.Count(opp, slot); item++)
                {
                    entries.Add(new PlanEntry(entries.Count + 1, question, item, null, PlanSlots.Display(opp, question, item)));
                }
            }
            else if (PlanSlots.Display(opp, question, 0) is { } value)
            {
                entries.Add(new PlanEntry(entries.Count + 1, question, 0, null, value));
            }
        }
        return entries;
    }

    /// <summary>
    /// Markdown bullets with the number as text ("- **3.** Lastig op school: …"): an ordered list would be renumbered
    /// from 1 by Web Chat. A group's parts come under the item's own heading, set apart so it is not glued to a line.
    /// </summary>
    public static string Format(IEnumerable<PlanEntry> entries, TeacherDialog dialog)
    {
        var lines = new List<string>();
        string? heading = null;
        foreach (var entry in entries)
        {
            if (entry.ItemLabel != heading)
            {
                heading = entry.ItemLabel;
                lines.Add(heading is null ? "" : $"\n**{heading}**\n");
            }
            lines.Add($"- **{entry.Number}.** {entry.Question.Label}: {entry.Value ?? dialog.Text("not_filled")}");
        }
        return string.Join("\n", lines);
    }
}
