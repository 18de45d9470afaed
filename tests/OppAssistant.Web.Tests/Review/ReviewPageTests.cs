using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OppAssistant.Core;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Teacher;
using OppAssistant.Documents;
using OppAssistant.Web.Review;

namespace OppAssistant.Web.Tests.Review;

/// <summary>The coordinator's review page with signed links: what it shows, what its forms do, and its Word files.</summary>
public sealed class ReviewPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string E(string text) => HtmlWriter.Encode(text);

    private static DialogCatalog Dialogs(ReviewHost host) => host.Services.GetRequiredService<DialogCatalog>();

    [Fact]
    public async Task A_valid_link_signs_in_with_a_lax_cookie_and_redirects_to_the_plan_without_the_token()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        var link = host.LinkFor(plan.Id);
        using var browser = host.Browser();

        using var response = await browser.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/review/{plan.Id}", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ReviewAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/review", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());

        var html = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");
        var dialogs = Dialogs(host);
        Assert.Contains("<html lang=\"nl\">", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{E(dialogs.ReviewPage.Text("plan_heading", ("name", "Fenna")))}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(E(dialogs.ReviewPage.Text("plan_status", ("status", dialogs.Lifecycle.States[OppStatus.InReview]))), html, StringComparison.Ordinal);

        // The token is never logged.
        var token = Uri.UnescapeDataString(link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        Assert.DoesNotContain(host.App.Logs, line => line.Contains(token[..40], StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_or_altered_link_gets_the_same_401_page_and_no_session()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        var links = host.Services.GetRequiredService<SignedReviewLinks>();
        var expired = links.Protect(new ReviewLinkPayload(plan.Id, ReviewHost.Coordinator), DateTimeOffset.UtcNow.AddSeconds(-1));
        var valid = host.LinkFor(plan.Id);
        var altered = valid[..^6] + (valid[^6] == 'A' ? 'B' : 'A') + valid[^5..];
        var foreign = host.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("another purpose").ToTimeLimitedDataProtector().Protect($$"""{"OppId":"{{plan.Id}}","CoordinatorKey":"x"}""", DateTimeOffset.UtcNow.AddMinutes(5));

        var bodies = new List<string>();
        foreach (var path in new[] { "/review/open?t=" + Uri.EscapeDataString(expired), altered, "/review/open?t=" + Uri.EscapeDataString(foreign), "/review/open" })
        {
            using var browser = host.Browser();
            using var response = await browser.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(ReviewAuthentication.CookieName, StringComparison.Ordinal)));
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            await ReviewHost.PageAsync(browser, $"/review/{plan.Id}", HttpStatusCode.Unauthorized);
        }

        Assert.Single(bodies.Distinct());
        Assert.Contains(E(Dialogs(host).ReviewPage.Text("unauthorized_text")), bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_every_review_route_answers_401()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = host.Browser();

        foreach (var path in new[] { "/review", $"/review/{plan.Id}", $"/review/{plan.Id}/documents/school.docx" })
        {
            await ReviewHost.PageAsync(browser, path, HttpStatusCode.Unauthorized);
        }
        using var post = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/approve", null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(OppStatus.InReview, (await host.GetAsync(plan.Id))!.Status);
    }

    [Fact]
    public async Task The_page_marks_each_sentence_with_its_provenance_and_puts_failing_checks_first()
    {
        await using var host = new ReviewHost();
        // Deliberately deficient: every factor observed long ago.
        var plan = await host.StoreAsync(p => p.Factors = p.Factors.Select(f => f with { ObservedOn = new DateOnly(2020, 1, 6) }).ToList());
        using var browser = await host.SignedInAsync(plan.Id);

        var html = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");

        var dialogs = Dialogs(host);
        var texts = dialogs.ReviewPage;
        var provenance = dialogs.Draft.Provenance;
        // A teacher's sentence, a parent's, a template's and the AI's.
        Assert.Contains(E("Fenna is nieuwsgierig en leest graag over paarden; dan houdt ze het lang vol.") + " <span class=\"mark mark-person\"", html, StringComparison.Ordinal);
        Assert.Contains($">{E(texts.Text("mark_person", ("marker", provenance.For(TextOrigin.Person).Marker), ("role", texts.Roles[Core.Conversation.Role.Teacher])))}</span>", html, StringComparison.Ordinal);
        Assert.Contains($">{E(texts.Text("mark_person", ("marker", provenance.For(TextOrigin.Person).Marker), ("role", texts.Roles[Core.Conversation.Role.Parent])))}</span>", html, StringComparison.Ordinal);
        Assert.Contains(E("direct feedback.") + $" <span class=\"mark mark-template\" title=\"{E(provenance.For(TextOrigin.Template).Meaning)}\">{E(provenance.For(TextOrigin.Template).Marker)}</span>", html, StringComparison.Ordinal);
        Assert.Contains(E("Ik heb daarvoor tips van de IB'er nodig.") + $" <span class=\"mark mark-ai\"", html, StringComparison.Ordinal);
        // The legend.
        Assert.All(provenance.Marks, m => Assert.Contains(E(m.Meaning), html, StringComparison.Ordinal));
        // Every part of the draft is a heading of its own.
        Assert.All(Enum.GetValues<DraftSectionKind>(), k => Assert.Contains($">{E(dialogs.Draft.Section(k).Title)}</h3>", html, StringComparison.Ordinal));

        // The checklist: the failing check before the passed ones, with its explanation and source.
        var checks = ReviewChecklist.Run(plan, DateOnly.FromDateTime(DateTime.Now), dialogs);
        var failing = Assert.Single(checks, c => c.Id == "factors_recent");
        Assert.Equal(CheckOutcome.Fail, failing.Outcome);
        var failAt = html.IndexOf("data-check=\"factors_recent\"", StringComparison.Ordinal);
        Assert.True(failAt > 0);
        Assert.Contains("<li class=\"check check-fail\" data-check=\"factors_recent\">", html, StringComparison.Ordinal);
        Assert.Contains(E(failing.Explanation), html, StringComparison.Ordinal);
        Assert.Contains(E(failing.Source), html, StringComparison.Ordinal);
        var firstPass = html.IndexOf("class=\"check check-pass\"", StringComparison.Ordinal);
        Assert.True(firstPass > failAt);
        Assert.True(html.IndexOf(E(texts.Text("checklist_attention")), StringComparison.Ordinal) < failAt);
        Assert.Contains(E(texts.Text("changes_first_round")), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_return_an_edit_and_a_resubmit_the_page_shows_what_changed_since_the_reviewed_version()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");
        using (var returned = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/return", ReviewHost.Token(page), ("reason", "Maak doel 2 meetbaar.")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, returned.StatusCode);
            Assert.Equal($"/review/{plan.Id}?done=returned_done", returned.Headers.Location?.OriginalString);
        }
        Assert.Equal(OppStatus.Returned, (await host.GetAsync(plan.Id))!.Status);
        Assert.Equal(new[] { (ReviewHost.Teacher, TeacherNotices.FollowUpName) }, host.Proactive.Nudges.ToArray());

        await host.EditAsync(plan.Id, p => p.Goals[1].SuccessCriterion = p.Goals[1].SuccessCriterion! with { Text = "In vier van de vijf rekenlessen vraagt Fenna zelf om hulp met de hulpkaart." });
        await host.SubmitAsync(plan.Id);

        var html = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");
        var texts = Dialogs(host).ReviewPage;
        var changes = html[html.IndexOf("class=\"changes\"", StringComparison.Ordinal)..html.IndexOf("class=\"decision\"", StringComparison.Ordinal)];
        Assert.DoesNotContain(E(texts.Text("changes_first_round")), changes, StringComparison.Ordinal);
        Assert.Contains(E(texts.Text("decision_returned")), changes, StringComparison.Ordinal);
        Assert.Contains($"{E(texts.Text("changes_added"))}:</span>", changes, StringComparison.Ordinal);
        Assert.Contains(E("In vier van de vijf rekenlessen vraagt Fenna zelf om hulp met de hulpkaart."), changes, StringComparison.Ordinal);
        Assert.Contains(E("In drie van de vier rekenlessen vraagt Fenna zelf om hulp met de hulpkaart."), changes, StringComparison.Ordinal);
        Assert.Contains($"<h3>{E(Dialogs(host).Draft.Section(DraftSectionKind.Goals).Title)}</h3>", changes, StringComparison.Ordinal);
        Assert.DoesNotContain(E("Fenna kent de tafels"), changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_is_stored_for_its_section_and_shown_there_after_the_redirect()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");

        using var response = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/comments", ReviewHost.Token(page), ("section", "goals"), ("text", "Doel 2: hoe tel je <mee>?"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/review/{plan.Id}?done=comment_added#section-goals", response.Headers.Location?.OriginalString);
        var comment = Assert.Single((await host.RecordAsync(plan.Id)).Current!.Comments);
        Assert.Equal((DraftSectionKind.Goals, "Doel 2: hoe tel je <mee>?", ReviewHost.Coordinator), (comment.Section, comment.Text, comment.ByKey));

        var html = await ReviewHost.PageAsync(browser, response.Headers.Location!.OriginalString);
        var goals = html[html.IndexOf("id=\"section-goals\"", StringComparison.Ordinal)..html.IndexOf("id=\"section-action_part\"", StringComparison.Ordinal)];
        Assert.Contains(E("Doel 2: hoe tel je <mee>?"), goals, StringComparison.Ordinal);
        Assert.DoesNotContain("<mee>", html, StringComparison.Ordinal);
        Assert.Contains(E(Dialogs(host).ReviewPage.Text("comment_added")), html, StringComparison.Ordinal);
        Assert.DoesNotContain(host.App.Logs, line => line.Contains("hoe tel je", StringComparison.Ordinal));

        using var empty = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/comments", ReviewHost.Token(page), ("section", "goals"), ("text", "  "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains(E(Dialogs(host).ReviewPage.Text("comment_empty")), await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single((await host.RecordAsync(plan.Id)).Current!.Comments);
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_is_a_400_problem_and_an_oversize_form_a_413()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");

        foreach (var token in new string?[] { null, "CfDJ8-forged" })
        {
            using var response = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/approve", token);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(OppStatus.InReview, (await host.GetAsync(plan.Id))!.Status);

        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");
        using var large = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/comments", ReviewHost.Token(page), ("section", "goals"), ("text", new string('a', 40_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Empty((await host.RecordAsync(plan.Id)).Current!.Comments);
    }

    [Fact]
    public async Task Returning_without_a_reason_shows_the_refusal_and_changes_nothing()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");

        using var response = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/return", ReviewHost.Token(page), ("reason", " "));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(E(Dialogs(host).Lifecycle.Text("reason_required")), html, StringComparison.Ordinal);
        Assert.Equal(OppStatus.InReview, (await host.GetAsync(plan.Id))!.Status);
        Assert.Null((await host.RecordAsync(plan.Id)).Current!.Decision);
        Assert.Empty(host.Proactive.Nudges);
    }

    [Fact]
    public async Task A_missing_consent_is_not_flagged_while_in_review_and_fails_once_the_parents_are_asked()
    {
        await using var host = new ReviewHost();
        // The parents are asked only after approval: the plan goes into review without their consent.
        var plan = await host.StoreInReviewAsync(p => p.Parents!.Consents.Clear());
        using var browser = await host.SignedInAsync(plan.Id);
        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");
        Assert.DoesNotContain("data-check=\"parent_consent\"", page, StringComparison.Ordinal);

        using var response = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/approve", ReviewHost.Token(page));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var html = await ReviewHost.PageAsync(browser, response.Headers.Location!.OriginalString);

        Assert.Equal(OppStatus.AwaitingConsent, (await host.GetAsync(plan.Id))!.Status);
        Assert.Contains("<li class=\"check check-fail\" data-check=\"parent_consent\">", html, StringComparison.Ordinal);
        Assert.Contains(E(Dialogs(host).Checklist.Check("parent_consent").Texts[CheckOutcome.Fail]), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_asks_the_parents_for_consent_and_nudges_the_teacher_even_when_the_nudge_fails()
    {
        await using var host = new ReviewHost();
        host.Proactive.Fail = true;
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        var page = await ReviewHost.PageAsync(browser, $"/review/{plan.Id}");

        using var response = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/approve", ReviewHost.Token(page));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(OppStatus.AwaitingConsent, (await host.GetAsync(plan.Id))!.Status);
        Assert.Equal(ReviewDecisionKind.Approved, (await host.RecordAsync(plan.Id)).Current!.Decision!.Kind);
        Assert.Equal(new[] { (ReviewHost.Teacher, TeacherNotices.FollowUpName) }, host.Proactive.Nudges.ToArray());
        var html = await ReviewHost.PageAsync(browser, response.Headers.Location!.OriginalString);
        var dialogs = Dialogs(host);
        Assert.Contains(E(dialogs.ReviewPage.Text("approved_done")), html, StringComparison.Ordinal);
        Assert.Contains(E(dialogs.ReviewPage.Text("plan_status", ("status", dialogs.Lifecycle.States[OppStatus.AwaitingConsent]))), html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/review/{plan.Id}/adopt\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/review/{plan.Id}/approve\"", html, StringComparison.Ordinal);

        // The parents of the test plan agreed and the pupil's voice is weighed: the plan can be adopted.
        using var adopted = await ReviewHost.PostAsync(browser, $"/review/{plan.Id}/adopt", ReviewHost.Token(html));
        Assert.Equal(HttpStatusCode.SeeOther, adopted.StatusCode);
        Assert.Equal(OppStatus.Adopted, (await host.GetAsync(plan.Id))!.Status);
        Assert.Single(host.Proactive.Nudges);
    }

    [Fact]
    public async Task The_three_Word_files_open_with_every_heading_and_are_named_without_the_pupil()
    {
        await using var host = new ReviewHost();
        var plan = await host.StoreInReviewAsync();
        using var browser = await host.SignedInAsync(plan.Id);
        var dialogs = Dialogs(host);
        var kindversie = KindversieDialog.Load(host.Services.GetRequiredService<IOptions<ContentOptions>>().Value.ResolvedDialogsDirectory);
        var plain = dialogs.ParentPlan.PlainDraft(dialogs.Draft);
        var expected = new Dictionary<string, List<string>>
        {
            ["school"] = Enum.GetValues<DraftSectionKind>().Select((k, i) => $"{i + 1}. {dialogs.Draft.Section(k).Title}").ToList(),
            ["parents"] = OppWordDocuments.ParentSections.Select((k, i) => $"{i + 1}. {plain.Section(k).Title}").ToList(),
            ["pupil"] = new[] { "goes_well", "goals", "helps", "who_helps", "you_said", "look_back" }.Select(kindversie.Text).ToList(),
        };

        foreach (var (kind, headings) in expected)
        {
            using var response = await browser.GetAsync($"/review/{plan.Id}/documents/{kind}.docx", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ReviewDocuments.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"opp-{plan.Id}-{kind}.docx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.DoesNotContain("Fenna", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.OrdinalIgnoreCase);
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var actual = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>()
                .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1")
                .Select(p => p.InnerText)
                .ToList();
            Assert.Equal(headings, actual);
        }
        await ReviewHost.PageAsync(browser, $"/review/{plan.Id}/documents/everything.docx", HttpStatusCode.NotFound);
        await ReviewHost.PageAsync(browser, "/review/no-such-plan/documents/school.docx", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_queue_lists_the_plans_in_review_and_an_unknown_plan_is_a_404_page()
    {
        await using var host = new ReviewHost();
        var waiting = await host.StoreInReviewAsync();
        var concept = await host.StoreAsync(p => p.Pupil.Name = "Noor");
        using var browser = await host.SignedInAsync(waiting.Id);

        var html = await ReviewHost.PageAsync(browser, "/review");

        Assert.Contains($"href=\"/review/{waiting.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(concept.Id, html, StringComparison.Ordinal);
        Assert.Contains(E(Dialogs(host).ReviewPage.Text("queue_heading")), html, StringComparison.Ordinal);
        var missing = await ReviewHost.PageAsync(browser, "/review/no-such-plan", HttpStatusCode.NotFound);
        Assert.Contains(E(Dialogs(host).ReviewPage.Text("not_found_text")), missing, StringComparison.Ordinal);
    }
}
