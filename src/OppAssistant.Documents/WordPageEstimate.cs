using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;

namespace OppAssistant.Documents;

/// <summary>A paragraph of a generated document as it was written: its style id and its text.</summary>
public sealed record WordParagraph(string Style, string Text);

/// <summary>
/// Estimates the A4 pages of a generated .docx by reading its paragraphs back and counting the lines each takes, in
/// the layout <see cref="WordBuilder"/> writes: A4 with 2.54 cm margins (a text area of about 15.9 × 24.6 cm),
/// 11 pt Calibri at single line spacing.
/// <para>
/// The model is <see cref="PageEstimate"/>'s, so the chat's estimate and the file's agree: a text wraps at
/// <see cref="PageEstimate.CharactersPerLine"/> characters (fewer in a bullet), a page holds
/// <see cref="PageEstimate.LinesPerPage"/> lines of body text (Word fits about 52 single-spaced 11 pt Calibri lines
/// of 13.4 pt in 24.6 cm; two are left for the footer), and the space before and after a paragraph is added as a fraction of
/// a 13.4 pt line. Larger text wraps sooner: a 14 pt heading at 85 × 11 ÷ 14 characters. Words that do not fit at the end
/// of a line are not modelled, so the estimate is a little short for text with long words; it is rounded to a tenth.
/// </para>
/// </summary>
public static class WordPageEstimate
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The height of a line of body text: 11 pt Calibri at single spacing.</summary>
    public const double LinePoints = 13.4;

    /// <summary>The title: 18 pt (a line of 22 pt) and 4 pt after.</summary>
    public const double TitleLinePoints = 22, TitleAfterPoints = 4, TitleFontPoints = 18;

    /// <summary>A required part: 14 pt bold (a line of 17 pt), 12 pt before and 6 pt after.</summary>
    public const double HeadingLinePoints = 17, HeadingSpacePoints = 18, HeadingFontPoints = 14;

    /// <summary>A subheading: body size in bold, 6 pt before and 2 pt after.</summary>
    public const double SubheadingSpacePoints = 8;

    /// <summary>After a paragraph 6 pt; after a bullet 2 pt; after the status line 12 pt.</summary>
    public const double ParagraphAfterPoints = 6, BulletAfterPoints = 2, SubtitleAfterPoints = 12;

    /// <summary>The legend: 9 pt (a line of 11 pt).</summary>
    public const double SmallLinePoints = 11, SmallFontPoints = 9;

    /// <summary>The paragraphs of the document's body, in order, with their style ids ("Normal" when none is set).</summary>
    public static IReadOnlyList<WordParagraph> Paragraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The file has no document body.");
        return body.Elements<Paragraph>()
            .Select(p => new WordParagraph(p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? nameof(WordStyle.Normal), p.InnerText))
            .ToList();
    }

    /// <summary>The lines the paragraphs take on paper, in lines of body text.</summary>
    public static double Lines(IEnumerable<WordParagraph> paragraphs) => paragraphs.Sum(p => Enum.TryParse<WordStyle>(p.Style, out var style) ? Lines(style, p.Text.Length) : Lines(WordStyle.Normal, p.Text.Length));

    /// <summary>The lines one paragraph of this style and length takes, its spacing included.</summary>
    public static double Lines(WordStyle style, int characters) => style switch
    {
        WordStyle.Title => (Wrapped(characters, Scaled(TitleFontPoints)) * TitleLinePoints + TitleAfterPoints) / LinePoints,
        WordStyle.Subtitle => Wrapped(characters, PageEstimate.CharactersPerLine) + SubtitleAfterPoints / LinePoints,
        WordStyle.Heading1 => (Wrapped(characters, Scaled(HeadingFontPoints)) * HeadingLinePoints + HeadingSpacePoints) / LinePoints,
        WordStyle.Heading2 => Wrapped(characters, PageEstimate.CharactersPerLine) + SubheadingSpacePoints / LinePoints,
        WordStyle.ListBullet => Wrapped(characters, PageEstimate.CharactersPerLine - PageEstimate.ListIndentCharacters) + BulletAfterPoints / LinePoints,
        WordStyle.Small => (Wrapped(characters, Scaled(SmallFontPoints)) * SmallLinePoints + ParagraphAfterPoints) / LinePoints,
        _ => Wrapped(characters, PageEstimate.CharactersPerLine) + ParagraphAfterPoints / LinePoints,
    };

    /// <summary>
    /// The estimated length of a generated file, with the texts of dialogs/draft.yaml: the estimate, and above
    /// <see cref="PageEstimate.MaximumPages"/> the same warning as the chat's draft.
    /// </summary>
    public static DraftLength Measure(byte[] docx, DraftDialog dialog)
    {
        var lines = Lines(Paragraphs(docx));
        var pages = PageEstimate.Pages(lines);
        var shown = Format(pages);
        var estimate = DraftDialog.Fill(dialog.Length.Estimate, ("pages", shown), ("target", Format(PageEstimate.TargetPages)));
        var warning = pages > PageEstimate.MaximumPages
            ? DraftDialog.Fill(dialog.Length.TooLong, ("pages", shown), ("max", Format(PageEstimate.MaximumPages)))
            : null;
        return new DraftLength(lines, pages, estimate, warning);
    }

    /// <summary>Characters per line for text of this size: fewer as the letters grow.</summary>
    private static int Scaled(double fontPoints) => (int)(PageEstimate.CharactersPerLine * 11 / fontPoints);

    private static int Wrapped(int characters, int perLine) => Math.Max(1, (characters + perLine - 1) / perLine);

    private static string Format(double pages) => pages.ToString("0.#", Dutch);
}
