using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OppAssistant.Documents;

/// <summary>
/// The paragraph styles of the generated documents; the style id in the file is the name. <see cref="WordPageEstimate"/>
/// counts lines per style, so the two must change together.
/// </summary>
public enum WordStyle
{
    /// <summary>18 pt bold, 4 pt after.</summary>
    Title,

    /// <summary>Body size in italics, 12 pt after: the status under the title, or the kindversie's opening line.</summary>
    Subtitle,

    /// <summary>14 pt bold, 12 pt before and 6 pt after, kept with the next paragraph: a required part.</summary>
    Heading1,

    /// <summary>Bold body text, 6 pt before and 2 pt after: a goal, an agreement, a kind of need.</summary>
    Heading2,

    /// <summary>11 pt, single line spacing, 6 pt after.</summary>
    Normal,

    /// <summary>As <see cref="Normal"/>, in italics: a line of the assistant's own (nothing filled in yet, still to come).</summary>
    Note,

    /// <summary>A bullet indented 0.63 cm, 2 pt after: a labelled value or a list item.</summary>
    ListBullet,

    /// <summary>9 pt: the provenance legend.</summary>
    Small,
}

/// <summary>A run of text in a paragraph.</summary>
public sealed record WordRun(string Text, bool Bold = false, bool Italic = false);

/// <summary>
/// Writes a .docx with DocumentFormat.OpenXml: A4 portrait, normal margins (2.54 cm), 11 pt Calibri at single line
/// spacing, Dutch as the proofing language, the styles of <see cref="WordStyle"/>, bullets, and a footer with a text
/// and the page number ("1 / 2"). Knows nothing of the plan; the texts come from the caller.
/// </summary>
internal sealed class WordBuilder
{
    /// <summary>A4 in twentieths of a point (21 × 29.7 cm).</summary>
    public const int PageWidth = 11906, PageHeight = 16838;

    /// <summary>Word's "normal" margins: 1 inch (2.54 cm) on every side.</summary>
    public const int Margin = 1440;

    private const int BulletNumberingId = 1;

    private readonly List<Paragraph> paragraphs = [];

    public WordBuilder Add(WordStyle style, params WordRun[] runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style.ToString() }));
        foreach (var run in runs.Where(r => r.Text.Length > 0))
        {
            var properties = new RunProperties();
            if (run.Bold)
            {
                properties.Append(new Bold());
            }
            if (run.Italic)
            {
                properties.Append(new Italic());
            }
            paragraph.Append(new Run(properties, new Text(run.Text) { Space = SpaceProcessingModeValues.Preserve }));
        }
        paragraphs.Add(paragraph);
        return this;
    }

    public WordBuilder Add(WordStyle style, string text) => Add(style, new WordRun(text));

    /// <summary>The document as the bytes of a .docx file.</summary>
    public byte[] ToBytes(string title, string footer)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Language = "nl-NL";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = Bullets();
            var footerPart = main.AddNewPart<FooterPart>();
            footerPart.Footer = Footer(footer);
            var body = new Body();
            body.Append(paragraphs.Select(p => (Paragraph)p.CloneNode(true)));
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footerPart) },
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Header = 708, Footer = 708, Gutter = 0 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Footer Footer(string text) => new(new Paragraph(
        new ParagraphProperties(new ParagraphStyleId { Val = nameof(WordStyle.Small) }, new Justification { Val = JustificationValues.Right }),
        new Run(new Text(text + " · ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
        new Run(new Text(" / ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " NUMPAGES " }));

    private static Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Calibri", ComplexScript = "Calibri" },
                new FontSize { Val = "22" },
                new FontSizeComplexScript { Val = "22" },
                new Languages { Val = "nl-NL" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { Before = "0", After = "120", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
        Style(WordStyle.Normal, "Normal", null, isDefault: true),
        Style(WordStyle.Title, "Title", null,
            paragraph: [new SpacingBetweenLines { After = "80" }],
            run: [new Bold(), new FontSize { Val = "36" }, new FontSizeComplexScript { Val = "36" }]),
        Style(WordStyle.Subtitle, "Subtitle", null,
            paragraph: [new SpacingBetweenLines { After = "240" }],
            run: [new Italic()]),
        Style(WordStyle.Heading1, "heading 1", 0,
            paragraph: [new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }],
            run: [new Bold(), new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" }]),
        Style(WordStyle.Heading2, "heading 2", 1,
            paragraph: [new KeepNext(), new SpacingBetweenLines { Before = "120", After = "40" }],
            run: [new Bold()]),
        Style(WordStyle.Note, "Note", null, run: [new Italic()]),
        Style(WordStyle.ListBullet, "List Bullet", null,
            paragraph:
            [
                new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = BulletNumberingId }),
                new SpacingBetweenLines { After = "40" },
                new Indentation { Left = "360", Hanging = "360" },
            ]),
        Style(WordStyle.Small, "Small", null,
            run: [new FontSize { Val = "18" }, new FontSizeComplexScript { Val = "18" }]));

    private static Style Style(WordStyle id, string name, int? outlineLevel, bool isDefault = false, OpenXmlElement[]? paragraph = null, OpenXmlElement[]? run = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id.ToString(), Default = isDefault ? true : null };
        style.Append(new StyleName { Val = name });
        if (!isDefault)
        {
            style.Append(new BasedOn { Val = nameof(WordStyle.Normal) });
            style.Append(new NextParagraphStyle { Val = id is WordStyle.ListBullet ? id.ToString() : nameof(WordStyle.Normal) });
        }
        style.Append(new PrimaryStyle());
        var paragraphProperties = new StyleParagraphProperties(paragraph ?? []);
        if (outlineLevel is { } level)
        {
            paragraphProperties.Append(new OutlineLevel { Val = level });
        }
        if (paragraphProperties.HasChildren)
        {
            style.Append(paragraphProperties);
        }
        if (run is { Length: > 0 })
        {
            style.Append(new StyleRunProperties(run));
        }
        return style;
    }

    private static Numbering Bullets() => new(
        new AbstractNum(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "•" },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "360", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = 0 },
        new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = BulletNumberingId });
}
