using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Content;

/// <summary>
/// An answer to a question: accepted with its value(s), or refused with the key of the re-prompt in
/// dialogs/teacher.yaml (and its placeholder values). Refusing never loses anything: the caller keeps what was stored.
/// </summary>
public sealed record ParsedAnswer(IReadOnlyList<string> Values, string? RefusalKey = null, IReadOnlyDictionary<string, string>? Placeholders = null)
{
    public bool Accepted => RefusalKey is null;

    public static ParsedAnswer Accept(params string[] values) => new(values);

    public static ParsedAnswer Refuse(string key, IReadOnlyDictionary<string, string>? placeholders = null) => new([], key, placeholders);
}

/// <summary>
/// Reads an answer to one question from typed text or from a card submit. Cards send
/// <c>{"action":"answer","question":"&lt;id&gt;","value":"…"}</c>; a card of another question is refused, so a stale
/// button never fills the wrong slot. Dates come from the card's date picker (yyyy-MM-dd) or are typed the Dutch way.
/// </summary>
public static partial class AnswerParser
{
    public const string AnswerAction = "answer";
    public const string QuestionKey = "question";
    public const string ValueKey = "value";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static ParsedAnswer Parse(QuestionDialog question, string? text, JsonElement? cardValue)
    {
        if (cardValue is { ValueKind: JsonValueKind.Object } card)
        {
            if (!IsAnswerTo(card, question.Id, out var submitted))
            {
                return ParsedAnswer.Refuse("wrong_card");
            }
            text = submitted;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParsedAnswer.Refuse("empty_answer");
        }
        text = text.Trim();
        return question.Slot.Input switch
        {
            // A need typed over in full when it is changed from the summary.
            InputType.Text or InputType.Needs => text.Length > question.MaxLength
                ? ParsedAnswer.Refuse("too_long", new Dictionary<string, string> { ["max"] = question.MaxLength.ToString(Dutch) })
                : ParsedAnswer.Accept(text),
            InputType.Choice => Choose(question, text) is { } value ? ParsedAnswer.Accept(value) : ParsedAnswer.Refuse("invalid_choice"),
            InputType.MultiChoice => ChooseSeveral(question, text),
            InputType.Date => ParseDate(text) is { } date ? ParsedAnswer.Accept(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : ParsedAnswer.Refuse("invalid_date"),
            _ => throw new InvalidOperationException($"Unknown input type {question.Slot.Input}"),
        };
    }

    /// <summary>A typed or submitted date: 2027-03-15, 15-03-2027, 15/3/2027, 15 maart 2027 or 15 mrt 2027.</summary>
    public static DateOnly? ParseDate(string text)
    {
        text = text.Trim();
        string[] formats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy", "d.M.yyyy", "d MMMM yyyy", "d MMM yyyy"];
        if (DateOnly.TryParseExact(text, formats, Dutch, DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            return date;
        }
        // "15 mrt. 2027": the abbreviation with its dot.
        return DateOnly.TryParseExact(text.Replace(".", "", StringComparison.Ordinal), formats, Dutch, DateTimeStyles.AllowWhiteSpaces, out date) ? date : null;
    }

    private static bool IsAnswerTo(JsonElement card, string questionId, out string? value)
    {
        value = null;
        if (!card.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String || action.GetString() != AnswerAction
            || !card.TryGetProperty(QuestionKey, out var question) || question.ValueKind != JsonValueKind.String || question.GetString() != questionId)
        {
            return false;
        }
        value = card.TryGetProperty(ValueKey, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return true;
    }

    /// <summary>A choice by its number, its value, its label or one of its typed answers; ambiguous is no choice.</summary>
    private static string? Choose(QuestionDialog question, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= question.Choices.Count)
        {
            return question.Choices[number - 1].Value;
        }
        var exact = question.Choices.Where(c => TextMatcher.IsExactly(text, [c.Value, c.Label, .. c.Answers])).ToList();
        if (exact.Count == 1)
        {
            return exact[0].Value;
        }
        var mentioned = question.Choices.Where(c => TextMatcher.Mentions(text, [c.Label, .. c.Answers])).ToList();
        return mentioned.Count == 1 ? mentioned[0].Value : null;
    }

    /// <summary>Several choices: the card's comma-separated values, or typed parts such as "vmbo-t/havo" or "havo en vwo".</summary>
    private static ParsedAnswer ChooseSeveral(QuestionDialog question, string text)
    {
        // A whole answer that is one option ("vmbo gl/tl") is not split at its slash.
        if (question.Choices.Count(c => TextMatcher.IsExactly(text, [c.Value, c.Label, .. c.Answers])) == 1)
        {
            return ParsedAnswer.Accept(Choose(question, text)!);
        }
        var values = new List<string>();
        foreach (var part in Separators().Split(text).Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (Choose(question, part.Trim()) is not { } value)
            {
                return ParsedAnswer.Refuse("invalid_choice");
            }
            if (!values.Contains(value))
            {
                values.Add(value);
            }
        }
        if (values.Count > question.Slot.MaxChoices)
        {
            return ParsedAnswer.Refuse("too_many_choices", new Dictionary<string, string> { ["max"] = question.Slot.MaxChoices.ToString(Dutch) });
        }
        return values.Count > 0 ? ParsedAnswer.Accept([.. values]) : ParsedAnswer.Refuse("invalid_choice");
    }

    [GeneratedRegex(@"\s*(?:,|/|\+|&|\ben\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separators();
}
