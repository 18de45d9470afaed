using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;
using OppAssistant.Documents;

namespace OppAssistant.Web.Review;

/// <summary>
/// The review page's requests. GETs render from one read of the plan and its review record; POSTs check the form
/// (size, antiforgery), do their work through <see cref="DocumentTransaction"/> and redirect back to the page (PRG), or
/// show the page again with the refusal. Logs hold plan ids and outcomes only: no names, comments, keys or tokens.
/// </summary>
internal sealed partial class ReviewEndpoints(
    DocumentTransaction transactions,
    OppRepository plans,
    ReviewService review,
    ReviewPages pages,
    DialogCatalog dialogs,
    OppWordDocuments words,
    SignedReviewLinks links,
    IAntiforgery antiforgery,
    IProactiveTurns proactive,
    IOptions<ReviewPageOptions> options,
    TimeProvider time,
    ILogger<ReviewEndpoints> logger)
{
    /// <summary>A comment or a reason is at most <see cref="ReviewService.MaxCommentLength"/> characters; the form around it is small.</summary>
    public const long MaxFormBytes = 32 * 1024;

    /// <summary>The messages a redirect after a POST may ask the page to show (the query parameter <c>done</c>).</summary>
    private static readonly string[] Notices = ["comment_added", "returned_done", "approved_done", "adopted_done"];

    public static void Map(IEndpointRouteBuilder endpoints, bool signedLinks)
    {
        if (signedLinks)
        {
            endpoints.MapGet(SignedReviewLinks.OpenPath, (HttpContext context, ReviewEndpoints review) => review.OpenAsync(context)).AllowAnonymous();
        }
        var group = endpoints.MapGroup(ReviewPages.QueuePath).RequireAuthorization(ReviewAuthentication.Policy);
        group.MapGet("/", (HttpContext context, ReviewEndpoints review) => review.QueueAsync(context));
        group.MapGet("/{oppId}", (string oppId, string? done, HttpContext context, ReviewEndpoints review) => review.PlanAsync(context, oppId, done));
        group.MapPost("/{oppId}/comments", (string oppId, HttpContext context, ReviewEndpoints review) => review.CommentAsync(context, oppId));
        group.MapPost("/{oppId}/return", (string oppId, HttpContext context, ReviewEndpoints review) => review.ReturnAsync(context, oppId));
        group.MapPost("/{oppId}/approve", (string oppId, HttpContext context, ReviewEndpoints review) => review.ApproveAsync(context, oppId));
        group.MapPost("/{oppId}/adopt", (string oppId, HttpContext context, ReviewEndpoints review) => review.AdoptAsync(context, oppId));
        group.MapGet("/{oppId}/documents/{kind}.docx", (string oppId, string kind, HttpContext context, ReviewEndpoints review) => review.DocumentAsync(context, oppId, kind));
    }

    /// <summary>The headers of every page: never cached (it holds a plan), never framed, no referrer (the link holds a token).</summary>
    public static void PageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /// <summary>GET /review/open?t=…: a valid link starts a session and goes on to the plan's page, so the token leaves the address bar.</summary>
    private async Task<IResult> OpenAsync(HttpContext context)
    {
        var payload = links.Unprotect(context.Request.Query[SignedReviewLinks.TokenParameter].ToString());
        if (payload is null)
        {
            LogLinkRefused(logger);
            return Page(context, StatusCodes.Status401Unauthorized, pages.Message("unauthorized_title", "unauthorized_text", linkToQueue: false));
        }
        var properties = new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            IssuedUtc = time.GetUtcNow(),
            ExpiresUtc = time.GetUtcNow() + options.Value.SessionLifetime,
        };
        await context.SignInAsync(ReviewAuthentication.CookieScheme, ReviewAuthentication.Principal(payload.CoordinatorKey, ReviewAuthentication.ViaLink), properties);
        LogLinkOpened(logger, payload.OppId);
        return SeeOther(context, ReviewPages.PlanPath(payload.OppId));
    }

    private async Task<IResult> QueueAsync(HttpContext context)
    {
        var entries = await transactions.RunAsync(async (documents, ct) =>
        {
            var waiting = await PlanRegister.WithStatusAsync(documents, OppStatus.InReview, ct);
            var result = new List<QueueEntry>(waiting.Count);
            foreach (var entry in waiting)
            {
                var plan = await plans.GetAsync(documents, entry.OppId, ct);
                result.Add(new QueueEntry(entry.OppId, plan?.Pupil.Name is { Length: > 0 } name ? name : null, entry.Since));
            }
            return result;
        }, context.RequestAborted);
        return Page(context, StatusCodes.Status200OK, pages.Queue(entries));
    }

    private Task<IResult> PlanAsync(HttpContext context, string oppId, string? done) =>
        RenderAsync(context, oppId, StatusCodes.Status200OK, done is not null && Notices.Contains(done) ? dialogs.ReviewPage.Text(done) : null);

    private Task<IResult> ReturnAsync(HttpContext context, string oppId) =>
        DecideAsync(context, oppId, "returned_done", nudge: true, (documents, form, key, ct) => review.ReturnAsync(documents, oppId, form["reason"].ToString(), key, ct));

    private Task<IResult> ApproveAsync(HttpContext context, string oppId) =>
        DecideAsync(context, oppId, "approved_done", nudge: true, (documents, _, key, ct) => review.ApproveAsync(documents, oppId, key, ct));

    private Task<IResult> AdoptAsync(HttpContext context, string oppId) =>
        DecideAsync(context, oppId, "adopted_done", nudge: false, (documents, _, key, ct) => review.AdoptAsync(documents, oppId, key, ct));

    private async Task<IResult> RenderAsync(
        HttpContext context, string oppId, int status, string? notice = null, IReadOnlyList<string>? errors = null, DraftSectionKind? errorSection = null)
    {
        var loaded = await LoadAsync(oppId, context.RequestAborted);
        if (loaded is not var (plan, record))
        {
            return NotFound(context);
        }
        var checks = ReviewChecklist.Run(plan, DateOnly.FromDateTime(time.GetLocalNow().DateTime), dialogs);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var model = new PlanPageModel(plan, record, checks, new AntiforgeryField(tokens.FormFieldName, tokens.RequestToken!), notice, errors, errorSection);
        return Page(context, status, pages.Plan(model));
    }

    private async Task<IResult> CommentAsync(HttpContext context, string oppId)
    {
        var (form, problem) = await ReadFormAsync(context);
        if (form is null)
        {
            return problem!;
        }
        var key = form["section"].ToString();
        if (Enum.GetValues<DraftSectionKind>().Where(k => DraftDialog.Key(k) == key).Cast<DraftSectionKind?>().FirstOrDefault() is not { } section)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest);
        }
        var user = ReviewAuthentication.UserKey(context.User);
        var outcome = await transactions.RunAsync(
            (documents, ct) => review.CommentAsync(documents, oppId, section, form["text"].ToString(), user, ct), context.RequestAborted);
        LogComment(logger, oppId, outcome);
        var texts = dialogs.ReviewPage;
        return outcome switch
        {
            CommentOutcome.Added => SeeOther(context, $"{ReviewPages.PlanPath(oppId)}?done=comment_added#{ReviewPages.SectionAnchor(section)}"),
            CommentOutcome.NotFound => NotFound(context),
            CommentOutcome.Empty => await RenderAsync(context, oppId, StatusCodes.Status422UnprocessableEntity, errors: [texts.Text("comment_empty")], errorSection: section),
            CommentOutcome.TooLong => await RenderAsync(context, oppId, StatusCodes.Status422UnprocessableEntity,
                errors: [texts.Text("comment_too_long", ("max", ReviewService.MaxCommentLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))], errorSection: section),
            _ => await RenderAsync(context, oppId, StatusCodes.Status422UnprocessableEntity, errors: [texts.Text("comment_not_in_review")]),
        };
    }

    /// <summary>Return, approve or adopt; once stored, the teacher is nudged to see her notice (best effort).</summary>
    private async Task<IResult> DecideAsync(
        HttpContext context, string oppId, string doneKey, bool nudge, Func<TurnDocuments, IFormCollection, string, CancellationToken, Task<LifecycleResult>> decide)
    {
        var (form, problem) = await ReadFormAsync(context);
        if (form is null)
        {
            return problem!;
        }
        var user = ReviewAuthentication.UserKey(context.User);
        var (result, owner) = await transactions.RunAsync(async (documents, ct) =>
        {
            if (await plans.GetAsync(documents, oppId, ct) is not { } plan)
            {
                return ((LifecycleResult?)null, "");
            }
            return ((LifecycleResult?)await decide(documents, form, user, ct), plan.OwnerKey);
        }, context.RequestAborted);
        switch (result)
        {
            case null:
                return NotFound(context);
            case LifecycleResult.Refused refused:
                LogDecision(logger, oppId, doneKey, false);
                return await RenderAsync(context, oppId, StatusCodes.Status422UnprocessableEntity, errors: refused.Reasons);
        }
        LogDecision(logger, oppId, doneKey, true);
        if (nudge && owner.Length > 0)
        {
            await NudgeAsync(oppId, owner);
        }
        return SeeOther(context, $"{ReviewPages.PlanPath(oppId)}?done={doneKey}");
    }

    private async Task NudgeAsync(string oppId, string owner)
    {
        try
        {
            // Not the request's token: the decision is stored, so the nudge should not stop because the browser left.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await proactive.NudgeAsync(owner, TeacherNotices.FollowUpName, timeout.Token);
        }
#pragma warning disable CA1031 // Best effort: the notice waits for the teacher's next message anyway.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogNudgeFailed(logger, oppId, e.GetType().Name);
        }
    }

    private async Task<IResult> DocumentAsync(HttpContext context, string oppId, string kind)
    {
        if (!ReviewDocuments.Kinds.Contains(kind) || await LoadAsync(oppId, context.RequestAborted) is not var (plan, _))
        {
            return NotFound(context);
        }
        var file = ReviewDocuments.Create(words, plan, kind)!;
        LogDownload(logger, oppId, kind);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file, ReviewDocuments.ContentType, ReviewDocuments.FileName(plan.Id, kind));
    }

    private Task<(OppDocument Plan, ReviewRecord Record)?> LoadAsync(string oppId, CancellationToken cancellationToken) =>
        transactions.RunAsync<(OppDocument, ReviewRecord)?>(async (documents, ct) =>
            await plans.GetAsync(documents, oppId, ct) is { } plan ? (plan, await ReviewRecords.GetAsync(documents, oppId, ct)) : null,
            cancellationToken);

    /// <summary>The posted form, or the problem: 413 when too large, 400 without a valid antiforgery token.</summary>
    private async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxFormBytes)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFormBytes;
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return (await context.Request.ReadFormAsync(context.RequestAborted), null);
        }
        catch (AntiforgeryValidationException)
        {
            LogAntiforgeryRefused(logger);
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Results.Problem(statusCode: e.StatusCode));
        }
        catch (FormatException)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest));
        }
        catch (InvalidDataException)
        {
            // A form value or key beyond FormOptions' limits.
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }

    private IResult NotFound(HttpContext context) =>
        Page(context, StatusCodes.Status404NotFound, pages.Message("not_found_title", "not_found_text", linkToQueue: true));

    private static IResult Page(HttpContext context, int status, string html)
    {
        PageHeaders(context.Response);
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>303 See Other: after a POST (and after opening a link) the browser asks for the page with a GET.</summary>
    private static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review link refused (expired, altered or foreign)")]
    private static partial void LogLinkRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review session started from a link for plan {OppId}")]
    private static partial void LogLinkOpened(ILogger logger, string oppId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review comment on plan {OppId}: {Outcome}")]
    private static partial void LogComment(ILogger logger, string oppId, CommentOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review decision on plan {OppId}: {Decision}, taken {Taken}")]
    private static partial void LogDecision(ILogger logger, string oppId, string decision, bool taken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudging the teacher of plan {OppId} failed: {Error}")]
    private static partial void LogNudgeFailed(ILogger logger, string oppId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review document {Kind} of plan {OppId} downloaded")]
    private static partial void LogDownload(ILogger logger, string oppId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review form refused: no valid antiforgery token")]
    private static partial void LogAntiforgeryRefused(ILogger logger);
}
