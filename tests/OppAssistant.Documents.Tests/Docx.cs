using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OppAssistant.Documents.Tests;

/// <summary>A generated file opened again with WordprocessingDocument: its paragraphs, page, styles and footer.</summary>
internal sealed class Docx
{
    public Docx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var main = document.MainDocumentPart!;
        Paragraphs = main.Document!.Body!.Elements<Paragraph>()
            .Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "Normal", Text: p.InnerText))
            .ToList();
        var section = main.Document.Body.Elements<SectionProperties>().Single();
        var size = section.GetFirstChild<PageSize>()!;
        var margin = section.GetFirstChild<PageMargin>()!;
        Page = ((int)size.Width!.Value, (int)size.Height!.Value, margin.Top!.Value, margin.Bottom!.Value, (int)margin.Left!.Value, (int)margin.Right!.Value);
        FontSize = main.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!.FontSize!.Val!.Value!;
        Footer = string.Join("\n", main.FooterParts.Select(f => f.Footer!.InnerText));
        Title = document.PackageProperties.Title;
        Errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
    }

    public IReadOnlyList<(string Style, string Text)> Paragraphs { get; }

    public IEnumerable<string> Texts => Paragraphs.Select(p => p.Text);

    public IReadOnlyList<string> Headings => Paragraphs.Where(p => p.Style == "Heading1").Select(p => p.Text).ToList();

    public (int Width, int Height, int Top, int Bottom, int Left, int Right) Page { get; }

    public string FontSize { get; }

    public string Footer { get; }

    public string? Title { get; }

    public IReadOnlyList<string> Errors { get; }

    public string All => string.Join("\n", Texts);
}
