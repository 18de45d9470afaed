namespace OppAssistant.Core.Content;

/// <summary>
/// dialogs/review.yaml: the review in the chat. For the coordinator, the queue, one plan's card with its checklist,
/// changes and comments, and the replies to a comment or decision (<see cref="Review.CoordinatorFlow"/>); for the
/// teacher, "indienen" and the notices after a return, an approval or a due evaluation. Every key and placeholder is
/// required and checked on load; a fact about law or process has its sources under <c>text_sources</c>.
/// </summary>
public sealed record ReviewDialog(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sources)
{
    public static readonly string[] RequiredTexts =
    [
        "not_coordinator",
        "queue_title", "queue_empty", "queue_item", "consent_title", "consent_item", "notices_title", "notice_not_agreed", "queue_more",
        "queue_choose", "open_button", "queue_hint", "unknown_number", "group_unknown", "pupil_unknown", "help", "not_understood",
        "plan_title", "plan_round", "plan_no_round", "checklist_title", "check_failed", "check_warned", "changes_title", "changes_first",
        "changes_none", "changes_section", "change_added", "change_removed", "changes_more", "comments_title", "comments_none", "comment_line",
        "consent_ready", "comment_card_title", "comment_section_label", "comment_text_label", "comment_button", "return_card_title",
        "return_reason_label", "return_button", "approve_button", "adopt_button", "list_button", "read_button", "review_page_button", "plan_hint",
        "plan_hint_adopt", "no_plan_open",
        "comment_ask_section", "section_item", "section_unknown", "comment_ask_text", "comment_added", "comment_empty", "comment_too_long",
        "comment_not_in_review", "return_ask_reason", "returned", "approved", "adopted", "refused", "cancelled",
        "offer_submit", "submitted", "submit_refused", "submit_no_plan", "notice_returned", "notice_comments", "notice_comment",
        "notice_returned_fix", "notice_approved", "notice_evaluation_due", "opened_status", "opened_returned", "plan_list_status", "no_reason",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["queue_title"] = ["count"],
        ["queue_item"] = ["n", "pupil", "group", "since", "round", "failed", "warned"],
        ["consent_item"] = ["n", "pupil", "group"],
        ["notice_not_agreed"] = ["n", "pupil", "date"],
        ["queue_more"] = ["count"],
        ["plan_title"] = ["pupil", "group", "status"],
        ["plan_round"] = ["round", "date"],
        ["checklist_title"] = ["failed", "warned", "passed"],
        ["check_failed"] = ["title", "explanation", "source"],
        ["check_warned"] = ["title", "explanation", "source"],
        ["changes_section"] = ["section", "added", "removed"],
        ["change_added"] = ["text"],
        ["change_removed"] = ["text"],
        ["changes_more"] = ["count"],
        ["comment_line"] = ["section", "text"],
        ["plan_hint"] = ["adopt"],
        ["section_item"] = ["n", "section"],
        ["comment_ask_text"] = ["section"],
        ["comment_added"] = ["section"],
        ["comment_too_long"] = ["max"],
        ["returned"] = ["pupil"],
        ["approved"] = ["pupil"],
        ["adopted"] = ["pupil"],
        ["submitted"] = ["pupil"],
        ["notice_returned"] = ["pupil", "reason"],
        ["notice_comment"] = ["section", "comment"],
        ["notice_approved"] = ["pupil"],
        ["notice_evaluation_due"] = ["pupil"],
        ["opened_status"] = ["status"],
        ["opened_returned"] = ["reason"],
        ["plan_list_status"] = ["item", "status"],
    };

    public static readonly string[] RequiredCommands = ["list", "read", "comment", "return", "approve", "adopt", "cancel", "submit"];

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/review.yaml has no text '{key}'");

    /// <summary>The text with its placeholders filled; pass the user's own words last, so a brace in them is never filled.</summary>
    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    public bool IsCommand(string? text, string command) => TextMatcher.IsExactly(text, Commands[command]);

    internal static ReviewDialog Read(YamlFile file)
    {
        var texts = file.Texts(RequiredTexts, Placeholders);

        var commands = file.Section("commands", RequiredCommands, file.Strings);
        var commandsNode = file.Mapping(file.Root, "commands");
        var seen = new Dictionary<string, string>();
        foreach (var (command, phrases) in commands)
        {
            foreach (var phrase in phrases.Select(TextMatcher.Normalize))
            {
                if (!seen.TryAdd(phrase, command))
                {
                    throw ContentException.At(file.Path, commandsNode, $"'{phrase}' is in both commands '{seen[phrase]}' and '{command}'");
                }
            }
        }

        return new ReviewDialog(texts, commands, file.TextSources(texts));
    }
}
