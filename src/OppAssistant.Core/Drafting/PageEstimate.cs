namespace OppAssistant.Core.Drafting;

/// <summary>
/// Estimates how many A4 pages the draft takes when printed, to hold it to the aim of about two pages and never more
/// than five (faq-brief §8 check 1, 000 L305–316; PRODUCT.md §2).
/// <para>
/// It counts lines, not words: much of an OPP is labels and short list items ("+ Leest graag over dieren"), and each
/// takes a whole line whatever its word count, so words per page alone would make a list-heavy plan look too short.
/// Each text is wrapped at <see cref="CharactersPerLine"/> (fewer in a list), and headings and the space between
/// paragraphs and list items are added as fractions of a line. The page assumed is the usual school document: A4
/// (21 × 29.7 cm) with 2.5 cm margins, so a text area of 16 × 24.7 cm, body text in an 11 pt sans-serif (Calibri,
/// Arial) at 1.15 line spacing. For prose this comes to about 650 words a page (50 lines × 13 words), within the
/// 500–700 words usually quoted for single-spaced 11 pt text.
/// </para>
/// </summary>
public static class PageEstimate
{
    /// <summary>24.7 cm ÷ (11 pt × 1.15 = 12.65 pt ≈ 0.446 cm) ≈ 55 lines; 5 are kept for a header and footer (school, page number).</summary>
    public const double LinesPerPage = 50;

    /// <summary>16 cm ÷ about 1.9 mm, the average width of a character of 11 pt Calibri or Arial with the spaces, ≈ 84.</summary>
    public const int CharactersPerLine = 85;

    /// <summary>A list item is indented by about 0.63 cm (a word processor's default) for its bullet: about 4 characters, plus the bullet.</summary>
    public const int ListIndentCharacters = 5;

    /// <summary>The title in about 16 pt with space after it, and the status line below it.</summary>
    public const double TitleLines = 3;

    /// <summary>A section heading in 13–14 pt bold with 12 pt space before and 6 pt after: (16 + 18) ÷ 12.65 ≈ 2.7 lines.</summary>
    public const double SectionHeadingLines = 2.5;

    /// <summary>A subheading in bold body text with 6 pt space before it: 1 + 6 ÷ 12.65 ≈ 1.5 lines.</summary>
    public const double SubheadingLines = 1.5;

    /// <summary>About 2 pt after a list item: 2 ÷ 12.65 ≈ 0.15 line.</summary>
    public const double ItemSpacingLines = 0.15;

    /// <summary>6 pt after a paragraph of its own (a text or a note): 6 ÷ 12.65 ≈ 0.5 line.</summary>
    public const double ParagraphSpacingLines = 0.5;

    /// <summary>The aim: "about two A4" in regular education (faq-brief §8 check 1, 000 L305–316).</summary>
    public const double TargetPages = 2;

    /// <summary>The ceiling: "never more than five" (faq-brief §8 check 1, 000 L305–316); above it the draft warns.</summary>
    public const double MaximumPages = 5;

    /// <summary>The lines the title and sections take on paper, in the layout above.</summary>
    public static double Lines(string title, IEnumerable<DraftSection> sections)
    {
        var lines = TitleLines + Wrapped(title.Length, CharactersPerLine) - 1;
        foreach (var section in sections)
        {
            lines += SectionHeadingLines;
            foreach (var block in section.Blocks)
            {
                lines += block.Kind switch
                {
                    DraftBlockKind.Subheading => SubheadingLines,
                    DraftBlockKind.Note or DraftBlockKind.Paragraph => Wrapped(Length(block), CharactersPerLine) + ParagraphSpacingLines,
                    _ => Wrapped(Length(block), CharactersPerLine - ListIndentCharacters) + ItemSpacingLines,
                };
            }
        }
        return lines;
    }

    /// <summary>Pages from lines, rounded to a tenth: the estimate is not more precise than that.</summary>
    public static double Pages(double lines) => Math.Round(lines / LinesPerPage, 1, MidpointRounding.AwayFromZero);

    /// <summary>The characters a block prints: its label with ": " or a space, its sentences with a space between, and its note.</summary>
    private static int Length(DraftBlock block)
    {
        var length = block.Label is { Length: > 0 } label ? label.Length + 2 : 0;
        length += block.Sentences.Sum(s => s.Text.Length + 1);
        length += block.Note is { Length: > 0 } note ? note.Length + 3 : 0;
        return length;
    }

    /// <summary>Lines a text of this length wraps to; at least one, since an empty line still takes its place.</summary>
    private static int Wrapped(int characters, int perLine) => Math.Max(1, (characters + perLine - 1) / perLine);
}
