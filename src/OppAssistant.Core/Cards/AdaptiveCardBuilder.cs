using System.Buffers;
using System.Text.Json;

namespace OppAssistant.Core.Cards;

/// <summary>
/// Builds Adaptive Card 1.5 JSON (no card package exists on this mirror). <c>Action.Submit</c> works the same in
/// Teams and Web Chat, and its data arrives as the message's <c>value</c>; <c>Action.OpenUrl</c> only opens a page.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaVersion = "1.5";

    private readonly List<Action<Utf8JsonWriter>> body = [];
    private readonly List<Action<Utf8JsonWriter>> actions = [];

    public AdaptiveCardBuilder AddText(string text, bool emphasis = false)
    {
        body.Add(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "TextBlock");
            w.WriteString("text", text);
            w.WriteBoolean("wrap", true);
            if (emphasis)
            {
                w.WriteString("weight", "Bolder");
                w.WriteString("size", "Medium");
            }
            w.WriteEndObject();
        });
        return this;
    }

    /// <summary>A small grey line, such as the progress line above a question.</summary>
    public AdaptiveCardBuilder AddNote(string text)
    {
        body.Add(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "TextBlock");
            w.WriteString("text", text);
            w.WriteBoolean("wrap", true);
            w.WriteString("size", "Small");
            w.WriteBoolean("isSubtle", true);
            w.WriteEndObject();
        });
        return this;
    }

    /// <summary>A text field; its value arrives under <paramref name="id"/> in the submitted data.</summary>
    public AdaptiveCardBuilder AddTextInput(string id, string label, int maxLength, bool multiline) => AddInput("Input.Text", id, label, w =>
    {
        w.WriteNumber("maxLength", maxLength);
        w.WriteBoolean("isMultiline", multiline);
    });

    /// <summary>A date picker; Teams and Web Chat submit yyyy-MM-dd.</summary>
    public AdaptiveCardBuilder AddDateInput(string id, string label) => AddInput("Input.Date", id, label, _ => { });

    /// <summary>Options as a list; with <paramref name="multiSelect"/> the values arrive comma-separated.</summary>
    public AdaptiveCardBuilder AddChoiceInput(string id, string label, IReadOnlyList<KeyValuePair<string, string>> choices, bool multiSelect, bool expanded) =>
        AddInput("Input.ChoiceSet", id, label, w =>
        {
            w.WriteBoolean("isMultiSelect", multiSelect);
            w.WriteString("style", expanded ? "expanded" : "compact");
            w.WriteStartArray("choices");
            foreach (var (title, value) in choices)
            {
                w.WriteStartObject();
                w.WriteString("title", title);
                w.WriteString("value", value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    private AdaptiveCardBuilder AddInput(string type, string id, string label, Action<Utf8JsonWriter> writeRest)
    {
        body.Add(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("id", id);
            w.WriteString("label", label);
            writeRest(w);
            w.WriteEndObject();
        });
        return this;
    }

    /// <summary>As <see cref="AddSubmit"/>, only when <paramref name="condition"/> holds.</summary>
    public AdaptiveCardBuilder AddSubmitWhen(bool condition, string title, IReadOnlyList<KeyValuePair<string, string>> data) =>
        condition ? AddSubmit(title, data) : this;

    /// <summary>A button that submits <paramref name="data"/> (string pairs) as the activity's value.</summary>
    public AdaptiveCardBuilder AddSubmit(string title, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        actions.Add(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "Action.Submit");
            w.WriteString("title", title);
            w.WriteStartObject("data");
            foreach (var (key, value) in data)
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return this;
    }

    /// <summary>A button that opens <paramref name="url"/> in the browser (the review page); it sends nothing to the bot.</summary>
    public AdaptiveCardBuilder AddOpenUrl(string title, string url)
    {
        actions.Add(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "Action.OpenUrl");
            w.WriteString("title", title);
            w.WriteString("url", url);
            w.WriteEndObject();
        });
        return this;
    }

    public JsonElement Build()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "AdaptiveCard");
            w.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            w.WriteString("version", SchemaVersion);
            w.WriteStartArray("body");
            foreach (var write in body)
            {
                write(w);
            }
            w.WriteEndArray();
            if (actions.Count > 0)
            {
                w.WriteStartArray("actions");
                foreach (var write in actions)
                {
                    write(w);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
