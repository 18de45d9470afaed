using OppAssistant.Core.Conversation;

namespace OppAssistant.Core.Content;

/// <summary>
/// dialogs/review-page.yaml: the words of the coordinator's review page in the browser (the web host renders it): its
/// headings, buttons, messages and error pages, and the name of each role that can write a sentence of the plan.
/// Section titles, provenance marks and status names come from draft.yaml and lifecycle.yaml.
/// </summary>
public sealed record ReviewPageDialog(
    IReadOnlyDictionary<Role, string> Roles,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sources)
{
    public static readonly string[] RequiredTexts =
    [
        "page_title", "skip_to_content",
        "queue_heading", "queue_intro", "queue_empty", "queue_item", "unnamed", "back_to_queue",
        "plan_heading", "plan_status",
        "draft_heading", "legend_heading", "mark_person", "pending_part",
        "checklist_heading", "checklist_intro", "checklist_attention", "checklist_passed", "checklist_nothing_to_do",
        "outcome_fail", "outcome_warn", "outcome_pass", "source_label",
        "changes_heading", "changes_first_round", "changes_since", "changes_none", "changes_added", "changes_removed",
        "comments_heading", "comments_none", "comment_label", "comment_submit",
        "comment_added", "comment_empty", "comment_too_long", "comment_not_in_review",
        "decision_heading", "return_label", "return_hint", "return_submit", "approve_hint", "approve_submit",
        "adopt_hint", "adopt_submit", "no_decision", "refused", "returned_done", "approved_done", "adopted_done",
        "decision_returned", "decision_approved",
        "downloads_heading", "download_school", "download_parents", "download_pupil",
        "unauthorized_title", "unauthorized_text", "forbidden_title", "forbidden_text", "not_found_title", "not_found_text",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["queue_item"] = ["name", "since"],
        ["plan_heading"] = ["name"],
        ["plan_status"] = ["status"],
        ["mark_person"] = ["marker", "role"],
        ["changes_since"] = ["round", "decision", "date"],
        ["comment_label"] = ["section"],
        ["comment_too_long"] = ["max"],
    };

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text.Trim() : throw new KeyNotFoundException($"dialogs/review-page.yaml has no text '{key}'");

    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    internal static ReviewPageDialog Read(YamlFile file)
    {
        var texts = file.Texts(RequiredTexts, Placeholders);
        return new ReviewPageDialog(file.EnumNames<Role>("roles"), texts, file.TextSources(texts));
    }
}
