using System.Text;
using OppAssistant.Core.Content;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Drafting;

/// <summary>
/// What to show with the draft. <see cref="ProvenanceMarks"/>: a mark after every sentence (person, template, AI) and
/// the legend under the draft. <see cref="Length"/>: the page estimate and the warning when it is too long.
/// <see cref="Missing"/>: the list of what is still missing.
/// </summary>
public sealed record DraftMarkdownOptions(bool ProvenanceMarks = false, bool Length = true, bool Missing = true);

/// <summary>
/// The draft as Markdown for Teams and Web Chat: a heading per section, numbered in the required order, labelled
/// values and list items as bullets (so no renderer merges two lines), longer texts as paragraphs, notes in italics. Only the marks, legend and
/// texts of dialogs/draft.yaml are added; nothing is said here in code.
/// </summary>
public sealed class DraftMarkdown(DraftDialog dialog)
{
    public DraftMarkdown(DialogCatalog dialogs)
        : this(dialogs.Draft)
    {
    }

    public string Render(OppDraft draft, DraftMarkdownOptions? options = null)
    {
        options ??= new DraftMarkdownOptions();
        var md = new StringBuilder();
        md.Append("## ").Append(draft.Title).Append("\n\n_").Append(draft.Status).Append("_\n");
        foreach (var (section, index) in draft.Sections.Select((s, i) => (s, i)))
        {
            md.Append("\n### ").Append(index + 1).Append(". ").Append(section.Title).Append('\n');
            var inList = false;
            foreach (var block in section.Blocks)
            {
                var isBullet = block.Kind is DraftBlockKind.Field or DraftBlockKind.Item;
                if (!isBullet || !inList)
                {
                    md.Append('\n');
                }
                inList = isBullet;
                switch (block.Kind)
                {
                    case DraftBlockKind.Subheading:
                        md.Append("**").Append(block.Label).Append("**\n");
                        break;
                    case DraftBlockKind.Note:
                        md.Append('_').Append(block.Label).Append("_\n");
                        break;
                    case DraftBlockKind.Field:
                        md.Append("- **").Append(block.Label).Append(":** ");
                        AppendBody(md, block, options.ProvenanceMarks);
                        break;
                    case DraftBlockKind.Paragraph:
                        AppendBody(md, block, options.ProvenanceMarks);
                        break;
                    case DraftBlockKind.Item:
                        md.Append("- ");
                        if (block.Label is { Length: > 0 } mark)
                        {
                            md.Append("**").Append(mark).Append("** ");
                        }
                        AppendBody(md, block, options.ProvenanceMarks);
                        break;
                }
            }
        }
        if (options.ProvenanceMarks)
        {
            md.Append("\n---\n\n").Append(Legend()).Append('\n');
        }
        if (options.Length)
        {
            md.Append("\n---\n\n").Append(draft.Length.Estimate).Append('\n');
            if (draft.Length.Warning is { } warning)
            {
                md.Append('\n').Append(Quote(warning)).Append('\n');
            }
        }
        if (options.Missing)
        {
            md.Append('\n').Append(Missing(draft));
        }
        return md.ToString();
    }

    /// <summary>The list of what is still missing, each line with its section; or the text that nothing is.</summary>
    public string Missing(OppDraft draft)
    {
        if (draft.Missing.Count == 0)
        {
            return dialog.Missing.None + "\n";
        }
        var md = new StringBuilder("**").Append(dialog.Missing.Intro).Append("**\n\n");
        foreach (var part in draft.Missing)
        {
            md.Append("- **").Append(dialog.Section(part.Section).Title).Append(":** ").Append(part.Text).Append('\n');
        }
        return md.ToString();
    }

    /// <summary>"Herkomst per zin: [P] geschreven door … · [S] … · [AI] … · Zonder teken: …".</summary>
    public string Legend()
    {
        var provenance = dialog.Provenance;
        var marks = provenance.Marks.Select(m => $"{m.Marker} {m.Meaning}").Append(provenance.Unmarked);
        return $"**{provenance.Legend}** {string.Join(" · ", marks)}";
    }

    private void AppendBody(StringBuilder md, DraftBlock block, bool marks)
    {
        if (block.Sentences.Count == 0)
        {
            md.Append('_').Append(block.Note).Append('_');
        }
        for (var i = 0; i < block.Sentences.Count; i++)
        {
            var sentence = block.Sentences[i];
            // Sentences are what people typed (or templates filled with it): shown as written, never as Markdown.
            md.Append(i == 0 ? "" : " ").Append(MarkdownText.Escape(sentence.Text));
            if (marks && sentence.Source is { } source)
            {
                md.Append(' ').Append(dialog.Provenance.For(source.Origin).Marker);
            }
        }
        if (block.Sentences.Count > 0 && block.Note is { Length: > 0 } note)
        {
            md.Append(" _(").Append(note).Append(")_");
        }
        md.Append('\n');
    }

    private static string Quote(string text) => string.Join('\n', text.TrimEnd().Split('\n').Select(line => "> " + line));
}
