using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace OppAssistant.Web.Review;

/// <summary>
/// Builds a page from markup the code writes (<see cref="Raw"/>) and text from the plan or dialogs/ (<see cref="Text"/>,
/// always encoded). The encoder keeps letters such as ë readable and escapes everything that could end an element or an
/// attribute.
/// </summary>
internal sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder html = new();

    public static string Encode(string text) => Encoder.Encode(text);

    public HtmlWriter Raw(string markup)
    {
        html.Append(markup);
        return this;
    }

    public HtmlWriter Text(string text)
    {
        html.Append(Encoder.Encode(text));
        return this;
    }

    /// <summary>&lt;tag attributes&gt;text&lt;/tag&gt;, the text encoded; attributes are the code's own markup.</summary>
    public HtmlWriter Element(string tag, string text, string attributes = "")
    {
        html.Append('<').Append(tag);
        if (attributes.Length > 0)
        {
            html.Append(' ').Append(attributes);
        }
        html.Append('>').Append(Encoder.Encode(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    public override string ToString() => html.ToString();
}
