using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;

namespace OppAssistant.Web.Review;

/// <summary>The hidden field every form of the page carries (ASP.NET Core antiforgery).</summary>
internal sealed record AntiforgeryField(string Name, string Token);

/// <summary>Everything one plan's page shows; <see cref="Errors"/> are refusals of the last POST, shown instead of a redirect.</summary>
internal sealed record PlanPageModel(
    OppDocument Plan,
    ReviewRecord Record,
    IReadOnlyList<CheckResult> Checks,
    AntiforgeryField Antiforgery,
    string? Notice = null,
    IReadOnlyList<string>? Errors = null,
    DraftSectionKind? ErrorSection = null);

/// <summary>A line of the queue: the plan, the pupil's first name (null when none yet) and since when it waits.</summary>
internal sealed record QueueEntry(string OppId, string? PupilName, DateTimeOffset Since);

/// <summary>
/// The review page's HTML, rendered on the server: the queue, one plan's page (draft with provenance, checklist, changes
/// since the last reviewed version, comments per section, the decision, the downloads) and the error pages. Every word
/// comes from dialogs/ (review-page.yaml, and draft.yaml / lifecycle.yaml / checklist.yaml through the catalog); every
/// text is encoded. No scripts: the forms post and the server redirects back.
/// </summary>
internal sealed class ReviewPages(DialogCatalog dialogs)
{
    public const string QueuePath = "/review";
    public const string StylesheetPath = "/review.css";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private readonly DraftAssembler assembler = new(dialogs);

    private ReviewPageDialog Texts => dialogs.ReviewPage;

    public static string PlanPath(string oppId) => $"{QueuePath}/{Uri.EscapeDataString(oppId)}";

    public static string SectionAnchor(DraftSectionKind kind) => "section-" + DraftDialog.Key(kind);

    public string Queue(IReadOnlyList<QueueEntry> plans)
    {
        var html = new HtmlWriter();
        html.Raw("<header>\n").Element("h1", Texts.Text("queue_heading")).Raw("</header>\n<main id=\"main\">\n");
        html.Element("p", Texts.Text("queue_intro"));
        if (plans.Count == 0)
        {
            html.Element("p", Texts.Text("queue_empty"), "class=\"empty\"");
        }
        else
        {
            html.Raw("<ul class=\"queue\">\n");
            foreach (var plan in plans)
            {
                var text = Texts.Text("queue_item", ("name", plan.PupilName ?? Texts.Text("unnamed")), ("since", Date(plan.Since)));
                html.Raw("<li>").Element("a", text, $"href=\"{HtmlWriter.Encode(PlanPath(plan.OppId))}\"").Raw("</li>\n");
            }
            html.Raw("</ul>\n");
        }
        html.Raw("</main>\n");
        return Document(Texts.Text("queue_heading"), html.ToString());
    }

    public string Plan(PlanPageModel model)
    {
        var plan = model.Plan;
        var html = new HtmlWriter();
        Header(html, plan);
        html.Raw("<main id=\"main\">\n");
        if (model.Notice is { } notice)
        {
            html.Element("p", notice, "class=\"notice\" role=\"status\"");
        }
        if (model.Errors is { Count: > 0 } errors && model.ErrorSection is null)
        {
            Refusal(html, errors);
        }
        Draft(html, model);
        Checklist(html, model.Checks);
        Changes(html, model);
        Decision(html, model);
        Downloads(html, plan);
        html.Raw("</main>\n");
        return Document(Title(plan), html.ToString());
    }

    /// <summary>A short page for 401, 403 and 404: a heading and one line, nothing about why.</summary>
    public string Message(string titleKey, string textKey, bool linkToQueue)
    {
        var html = new HtmlWriter();
        html.Raw("<header>\n").Element("h1", Texts.Text(titleKey)).Raw("</header>\n<main id=\"main\">\n").Element("p", Texts.Text(textKey));
        if (linkToQueue)
        {
            html.Raw("<p>").Element("a", Texts.Text("back_to_queue"), $"href=\"{QueuePath}\"").Raw("</p>\n");
        }
        html.Raw("</main>\n");
        return Document(Texts.Text(titleKey), html.ToString());
    }

    /// <summary>The heading every page about one plan starts with: the pupil's first name and the status.</summary>
    private void Header(HtmlWriter html, OppDocument plan)
    {
        html.Raw("<header>\n<p class=\"back\">").Element("a", Texts.Text("back_to_queue"), $"href=\"{QueuePath}\"").Raw("</p>\n");
        html.Element("h1", Texts.Text("plan_heading", ("name", PupilName(plan))));
        html.Element("p", Texts.Text("plan_status", ("status", dialogs.Lifecycle.States[plan.Status])), "class=\"status\"");
        html.Raw("</header>\n");
    }

    private string Title(OppDocument plan) => $"{Texts.Text("plan_heading", ("name", PupilName(plan)))} | {Texts.Text("page_title")}";

    private string PupilName(OppDocument plan) => plan.Pupil.Name is { Length: > 0 } name ? name : Texts.Text("unnamed");

    private void Draft(HtmlWriter html, PlanPageModel model)
    {
        var draft = assembler.Assemble(model.Plan);
        var canComment = model.Plan.Status == OppStatus.InReview && model.Record.Current is { Decision: null };
        var comments = model.Record.Current?.Comments ?? [];
        html.Raw("<section class=\"draft\" aria-labelledby=\"draft-heading\">\n").Element("h2", Texts.Text("draft_heading"), "id=\"draft-heading\"");
        Legend(html);
        foreach (var section in draft.Sections)
        {
            var anchor = SectionAnchor(section.Kind);
            html.Raw($"<section class=\"part\" id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">\n").Element("h3", section.Title, $"id=\"{anchor}-title\"");
            Blocks(html, section.Blocks);
            html.Raw("<div class=\"comments\">\n").Element("h4", Texts.Text("comments_heading"));
            var here = comments.Where(c => c.Section == section.Kind).ToList();
            if (here.Count == 0)
            {
                html.Element("p", Texts.Text("comments_none"), "class=\"empty\"");
            }
            else
            {
                html.Raw("<ul>\n");
                foreach (var comment in here)
                {
                    html.Raw("<li>").Text(comment.Text).Raw(" ").Element("span", Date(comment.At), "class=\"when\"").Raw("</li>\n");
                }
                html.Raw("</ul>\n");
            }
            if (model.ErrorSection == section.Kind && model.Errors is { Count: > 0 } errors)
            {
                Refusal(html, errors);
            }
            if (canComment)
            {
                var field = $"comment-{DraftDialog.Key(section.Kind)}";
                html.Raw($"<form method=\"post\" action=\"{HtmlWriter.Encode(PlanPath(model.Plan.Id))}/comments\">\n");
                Hidden(html, model.Antiforgery);
                html.Raw($"<input type=\"hidden\" name=\"section\" value=\"{DraftDialog.Key(section.Kind)}\">\n");
                html.Element("label", Texts.Text("comment_label", ("section", section.Title)), $"for=\"{field}\"");
                html.Raw($"<textarea id=\"{field}\" name=\"text\" rows=\"3\" maxlength=\"{ReviewService.MaxCommentLength}\" required></textarea>\n");
                html.Element("button", Texts.Text("comment_submit"), "type=\"submit\"");
                html.Raw("</form>\n");
            }
            html.Raw("</div>\n</section>\n");
        }
        html.Raw("</section>\n");
    }

    private void Legend(HtmlWriter html)
    {
        var provenance = dialogs.Draft.Provenance;
        html.Raw("<aside class=\"legend\" aria-labelledby=\"legend-heading\">\n").Element("h3", Texts.Text("legend_heading"), "id=\"legend-heading\"");
        html.Element("p", provenance.Legend).Raw("<ul>\n");
        foreach (var mark in provenance.Marks)
        {
            html.Raw("<li>").Element("span", mark.Marker, $"class=\"mark mark-{DraftDialog.Key(mark.Origin)}\"").Raw(" ").Text(mark.Meaning).Raw("</li>\n");
        }
        html.Raw("</ul>\n").Element("p", provenance.Unmarked).Raw("</aside>\n");
    }

    private void Blocks(HtmlWriter html, IReadOnlyList<DraftBlock> blocks)
    {
        var inList = false;
        foreach (var block in blocks)
        {
            if (block.Kind == DraftBlockKind.Item != inList)
            {
                html.Raw(inList ? "</ul>\n" : "<ul class=\"items\">\n");
                inList = !inList;
            }
            switch (block.Kind)
            {
                case DraftBlockKind.Subheading:
                    html.Element("h4", block.Label ?? "");
                    break;
                case DraftBlockKind.Field:
                    html.Raw("<p>").Element("strong", $"{block.Label}:").Raw(" ");
                    if (block.Sentences.Count == 0 && block.Note is { } missing)
                    {
                        html.Element("em", missing);
                    }
                    Sentences(html, block.Sentences);
                    html.Raw("</p>\n");
                    break;
                case DraftBlockKind.Item:
                    html.Raw("<li>");
                    if (block.Label is { Length: > 0 } label)
                    {
                        html.Element("span", label, "class=\"item-label\"").Raw(" ");
                    }
                    Sentences(html, block.Sentences);
                    if (block.Note is { Length: > 0 } note)
                    {
                        html.Raw(" ").Element("span", note, "class=\"when\"");
                    }
                    html.Raw("</li>\n");
                    break;
                case DraftBlockKind.Paragraph:
                    html.Raw("<p>");
                    Sentences(html, block.Sentences);
                    html.Raw("</p>\n");
                    break;
                default:
                    html.Element("p", block.Label ?? "", "class=\"note\"");
                    break;
            }
        }
        if (inList)
        {
            html.Raw("</ul>\n");
        }
    }

    /// <summary>Each sentence with its provenance mark: a person's with the role, a template's or the AI's with the marker alone.</summary>
    private void Sentences(HtmlWriter html, IReadOnlyList<DraftSentence> sentences)
    {
        for (var i = 0; i < sentences.Count; i++)
        {
            if (i > 0)
            {
                html.Raw(" ");
            }
            var sentence = sentences[i];
            html.Raw("<span class=\"sentence\">").Text(sentence.Text);
            if (sentence.Source is { } source)
            {
                var mark = dialogs.Draft.Provenance.For(source.Origin);
                var text = source.Origin == TextOrigin.Person
                    ? Texts.Text("mark_person", ("marker", mark.Marker), ("role", Texts.Roles[source.Role]))
                    : mark.Marker;
                html.Raw(" ").Element("span", text, $"class=\"mark mark-{DraftDialog.Key(source.Origin)}\" title=\"{HtmlWriter.Encode(mark.Meaning)}\"");
            }
            html.Raw("</span>");
        }
    }

    private void Checklist(HtmlWriter html, IReadOnlyList<CheckResult> checks)
    {
        var attention = checks.Where(c => c.Outcome == CheckOutcome.Fail).Concat(checks.Where(c => c.Outcome == CheckOutcome.Warn)).ToList();
        var passed = checks.Where(c => c.Outcome == CheckOutcome.Pass).ToList();
        html.Raw("<section class=\"checklist\" aria-labelledby=\"checklist-heading\">\n").Element("h2", Texts.Text("checklist_heading"), "id=\"checklist-heading\"");
        html.Element("p", Texts.Text("checklist_intro"));
        html.Element("h3", Texts.Text("checklist_attention"));
        if (attention.Count == 0)
        {
            html.Element("p", Texts.Text("checklist_nothing_to_do"), "class=\"empty\"");
        }
        else
        {
            Checks(html, attention, explain: true);
        }
        html.Element("h3", Texts.Text("checklist_passed"));
        Checks(html, passed, explain: false);
        html.Raw("</section>\n");
    }

    private void Checks(HtmlWriter html, List<CheckResult> checks, bool explain)
    {
        html.Raw("<ul class=\"checks\">\n");
        foreach (var check in checks)
        {
            var outcome = DraftDialog.Key(check.Outcome);
            html.Raw($"<li class=\"check check-{outcome}\" data-check=\"{HtmlWriter.Encode(check.Id)}\">")
                .Element("span", Texts.Text("outcome_" + outcome), "class=\"outcome\"").Raw(" ")
                .Element("strong", check.Title);
            if (explain)
            {
                html.Element("p", check.Explanation);
                if (check.Source.Length > 0)
                {
                    html.Raw("<p class=\"source\">").Text(Texts.Text("source_label")).Raw(" ").Text(check.Source).Raw("</p>\n");
                }
            }
            html.Raw("</li>\n");
        }
        html.Raw("</ul>\n");
    }

    private void Changes(HtmlWriter html, PlanPageModel model)
    {
        html.Raw("<section class=\"changes\" aria-labelledby=\"changes-heading\">\n").Element("h2", Texts.Text("changes_heading"), "id=\"changes-heading\"");
        if (model.Record.LastReviewed is not { Decision: { } decision } last)
        {
            html.Element("p", Texts.Text("changes_first_round"));
            html.Raw("</section>\n");
            return;
        }
        var decided = Texts.Text(decision.Kind == ReviewDecisionKind.Returned ? "decision_returned" : "decision_approved");
        html.Element("p", Texts.Text("changes_since", ("round", last.Number.ToString(CultureInfo.InvariantCulture)), ("decision", decided), ("date", Date(decision.At))));
        var changes = DraftChanges.Between(last.Snapshot, model.Plan, assembler);
        if (changes.Count == 0)
        {
            html.Element("p", Texts.Text("changes_none"), "class=\"empty\"");
        }
        foreach (var section in changes)
        {
            html.Element("h3", section.Title);
            ChangeList(html, Texts.Text("changes_added"), "added", section.Added);
            ChangeList(html, Texts.Text("changes_removed"), "removed", section.Removed);
        }
        html.Raw("</section>\n");
    }

    private static void ChangeList(HtmlWriter html, string label, string kind, IReadOnlyList<DraftSentence> sentences)
    {
        if (sentences.Count == 0)
        {
            return;
        }
        html.Raw($"<ul class=\"{kind}\">\n");
        foreach (var sentence in sentences)
        {
            html.Raw("<li>").Element("span", label + ":", "class=\"change-kind\"").Raw(" ").Text(sentence.Text).Raw("</li>\n");
        }
        html.Raw("</ul>\n");
    }

    private void Decision(HtmlWriter html, PlanPageModel model)
    {
        var plan = model.Plan;
        var action = HtmlWriter.Encode(PlanPath(plan.Id));
        html.Raw("<section class=\"decision\" aria-labelledby=\"decision-heading\">\n").Element("h2", Texts.Text("decision_heading"), "id=\"decision-heading\"");
        if (plan.Status == OppStatus.InReview && model.Record.Current is { Decision: null })
        {
            html.Raw($"<form method=\"post\" action=\"{action}/return\" class=\"return\">\n");
            Hidden(html, model.Antiforgery);
            html.Element("label", Texts.Text("return_label"), "for=\"reason\"");
            html.Element("p", Texts.Text("return_hint"), "id=\"reason-hint\" class=\"hint\"");
            html.Raw($"<textarea id=\"reason\" name=\"reason\" rows=\"4\" maxlength=\"{ReviewService.MaxCommentLength}\" aria-describedby=\"reason-hint\" required></textarea>\n");
            html.Element("button", Texts.Text("return_submit"), "type=\"submit\"").Raw("</form>\n");
            html.Raw($"<form method=\"post\" action=\"{action}/approve\" class=\"approve\">\n");
            Hidden(html, model.Antiforgery);
            html.Element("p", Texts.Text("approve_hint"), "class=\"hint\"");
            html.Element("button", Texts.Text("approve_submit"), "type=\"submit\"").Raw("</form>\n");
        }
        else if (plan.Status == OppStatus.AwaitingConsent)
        {
            html.Raw($"<form method=\"post\" action=\"{action}/adopt\" class=\"adopt\">\n");
            Hidden(html, model.Antiforgery);
            html.Element("p", Texts.Text("adopt_hint"), "class=\"hint\"");
            html.Element("button", Texts.Text("adopt_submit"), "type=\"submit\"").Raw("</form>\n");
        }
        else
        {
            html.Element("p", Texts.Text("no_decision"));
        }
        html.Raw("</section>\n");
    }

    private void Downloads(HtmlWriter html, OppDocument plan)
    {
        html.Raw("<section class=\"downloads\" aria-labelledby=\"downloads-heading\">\n").Element("h2", Texts.Text("downloads_heading"), "id=\"downloads-heading\"").Raw("<ul>\n");
        foreach (var kind in ReviewDocuments.Kinds)
        {
            html.Raw("<li>").Element("a", Texts.Text("download_" + kind), $"href=\"{HtmlWriter.Encode(ReviewDocuments.Path(plan.Id, kind))}\" download").Raw("</li>\n");
        }
        html.Raw("</ul>\n</section>\n");
    }

    private void Refusal(HtmlWriter html, IReadOnlyList<string> errors)
    {
        html.Raw("<div class=\"refused\" role=\"alert\">\n").Element("p", Texts.Text("refused")).Raw("<ul>\n");
        foreach (var error in errors)
        {
            html.Element("li", error);
        }
        html.Raw("</ul>\n</div>\n");
    }

    private static void Hidden(HtmlWriter html, AntiforgeryField antiforgery) =>
        html.Raw($"<input type=\"hidden\" name=\"{HtmlWriter.Encode(antiforgery.Name)}\" value=\"{HtmlWriter.Encode(antiforgery.Token)}\">\n");

    private string Document(string title, string body)
    {
        var html = new HtmlWriter();
        html.Raw("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Element("title", title)
            .Raw($"<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"{StylesheetPath}\">\n</head>\n<body>\n")
            .Element("a", Texts.Text("skip_to_content"), "class=\"skip\" href=\"#main\"")
            .Raw(body)
            .Raw("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Date(DateTimeOffset at) => at.ToString("d MMMM yyyy", Dutch);
}
