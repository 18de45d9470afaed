using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Lifecycle;

/// <summary>
/// The plan's lifecycle, apart from the conversations that fill it: Concept → Ter review → Teruggestuurd or
/// Goedgekeurd → Wacht op instemming → Vastgesteld → Geëvalueerd. One Stateless machine, built for one step over the
/// plan's <see cref="PlanLifecycle"/>, which lives in the plan. Each step has the roles that may take it and its
/// guards; a refused step changes nothing and says why in Dutch (dialogs/lifecycle.yaml, and dialogs/draft.yaml for
/// the parts still missing). Every transition is appended to the audit trail: who (role and user key, no name),
/// when and why.
/// <para>
/// Guards: ter review only when no required part is missing and the pupil's voice is weighed (faq-brief §1.6);
/// terugsturen only with a reason; vaststellen only with the parents' consent on the handelingsdeel (faq-brief §1.3:
/// every parent with gezag, <see cref="ParentConsents"/>) and the pupil's voice weighed.
/// </para>
/// </summary>
public sealed class OppLifecycle
{
    /// <summary>The longest reason a step may carry.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Who may take each step.</summary>
    public static readonly IReadOnlyDictionary<LifecycleTrigger, IReadOnlyList<LifecycleRole>> AllowedRoles =
        new Dictionary<LifecycleTrigger, IReadOnlyList<LifecycleRole>>
        {
            [LifecycleTrigger.SubmitForReview] = [LifecycleRole.Teacher],
            [LifecycleTrigger.Resubmit] = [LifecycleRole.Teacher],
            [LifecycleTrigger.Return] = [LifecycleRole.Coordinator],
            [LifecycleTrigger.Approve] = [LifecycleRole.Coordinator],
            [LifecycleTrigger.RequestConsent] = [LifecycleRole.Teacher, LifecycleRole.Coordinator, LifecycleRole.System],
            [LifecycleTrigger.Adopt] = [LifecycleRole.Coordinator, LifecycleRole.SchoolLeader],
            [LifecycleTrigger.Evaluate] = [LifecycleRole.Teacher],
        };

    /// <summary>Missing parts that are not the teacher's to fill before review: the pupil's voice has its own guard, the parents come after approval.</summary>
    private static readonly MissingPartKind[] NotBeforeReview =
        [MissingPartKind.PupilVoice, MissingPartKind.PupilVoiceIncomplete, MissingPartKind.Parents, MissingPartKind.ParentsConsent];

    private readonly OppDocument plan;
    private readonly LifecycleDialog dialog;
    private readonly DraftDialog draft;
    private readonly StateMachine<OppStatus, LifecycleTrigger> machine;
    private readonly LifecycleActor actor;
    private readonly string? reason;
    private readonly DateTimeOffset at;

    private OppLifecycle(OppDocument plan, DialogCatalog dialogs, LifecycleActor actor, string? reason, DateTimeOffset at)
    {
        this.plan = plan;
        this.actor = actor;
        this.reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        this.at = at;
        dialog = dialogs.Lifecycle;
        draft = dialogs.Draft;
        machine = new StateMachine<OppStatus, LifecycleTrigger>(() => plan.Lifecycle.State, state => plan.Lifecycle.State = state);
        machine.OnTransitioned(t => plan.Lifecycle.History.Add(
            new LifecycleTransition(t.Source, t.Destination, t.Trigger, actor.Role, actor.UserKey, at, this.reason)));
        Configure();
    }

    /// <summary>
    /// Takes <paramref name="trigger"/> on <paramref name="plan"/> for <paramref name="actor"/> at <paramref name="at"/>,
    /// or refuses it with the Dutch reasons and leaves the plan as it was.
    /// </summary>
    public static LifecycleResult Fire(OppDocument plan, LifecycleTrigger trigger, LifecycleActor actor, string? reason, DateTimeOffset at, DialogCatalog dialogs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        var lifecycle = new OppLifecycle(plan, dialogs, actor, reason, at);
        if (lifecycle.Refusals(trigger) is { Count: > 0 } reasons)
        {
            return new LifecycleResult.Refused(reasons);
        }
        lifecycle.machine.Fire(trigger);
        return new LifecycleResult.Ok(plan.Lifecycle.History[^1]);
    }

    /// <summary>Why <paramref name="actor"/> cannot take <paramref name="trigger"/> now, in Dutch; empty when the step would be taken.</summary>
    public static IReadOnlyList<string> WhyNot(OppDocument plan, LifecycleTrigger trigger, LifecycleActor actor, string? reason, DialogCatalog dialogs) =>
        new OppLifecycle(plan, dialogs, actor, reason, default).Refusals(trigger);

    /// <summary>The steps <paramref name="actor"/> can take now (a step that needs a reason counts as possible).</summary>
    public static IReadOnlyList<LifecycleTrigger> Available(OppDocument plan, LifecycleActor actor, DialogCatalog dialogs) =>
        Enum.GetValues<LifecycleTrigger>()
            .Where(t => WhyNot(plan, t, actor, t == LifecycleTrigger.Return ? "?" : null, dialogs).Count == 0)
            .ToList();

    /// <summary>The Dutch name of a state (dialogs/lifecycle.yaml).</summary>
    public static string StateName(OppStatus state, DialogCatalog dialogs) => dialogs.Lifecycle.States[state];

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new OppLifecycle(new OppDocument(), dialogs, new LifecycleActor(LifecycleRole.System, ""), null, default).machine.GetInfo());

    private void Configure()
    {
        machine.Configure(OppStatus.Concept)
            .PermitIf(LifecycleTrigger.SubmitForReview, OppStatus.InReview, Guards(LifecycleTrigger.SubmitForReview, (() => ReadyForReview().Count == 0, "complete, pupil voice weighed")));

        machine.Configure(OppStatus.InReview)
            .PermitIf(LifecycleTrigger.Return, OppStatus.Returned, Guards(LifecycleTrigger.Return, (() => reason is not null, "reason given")))
            .PermitIf(LifecycleTrigger.Approve, OppStatus.Approved, Guards(LifecycleTrigger.Approve));

        machine.Configure(OppStatus.Returned)
            .PermitIf(LifecycleTrigger.Resubmit, OppStatus.InReview, Guards(LifecycleTrigger.Resubmit, (() => ReadyForReview().Count == 0, "complete, pupil voice weighed")));

        machine.Configure(OppStatus.Approved)
            .PermitIf(LifecycleTrigger.RequestConsent, OppStatus.AwaitingConsent, Guards(LifecycleTrigger.RequestConsent));

        machine.Configure(OppStatus.AwaitingConsent)
            .PermitIf(LifecycleTrigger.Adopt, OppStatus.Adopted, Guards(LifecycleTrigger.Adopt, (() => ReadyForAdoption().Count == 0, "parents consent, pupil voice weighed")));

        machine.Configure(OppStatus.Adopted)
            .PermitIf(LifecycleTrigger.Evaluate, OppStatus.Evaluated, Guards(LifecycleTrigger.Evaluate));

        // Geëvalueerd is where this version ends; the next version of the plan starts from it (later).
        machine.Configure(OppStatus.Evaluated);
    }

    /// <summary>The role guard of a step, then its own guards; each with the description the diagram shows.</summary>
    private Tuple<Func<bool>, string>[] Guards(LifecycleTrigger trigger, params (Func<bool> Guard, string Description)[] more) =>
    [
        Tuple.Create<Func<bool>, string>(() => AllowedRoles[trigger].Contains(actor.Role), "by " + string.Join(" or ", AllowedRoles[trigger])),
        .. more.Select(g => Tuple.Create(g.Guard, g.Description)),
    ];

    /// <summary>Every reason the step cannot be taken now, in Dutch: the state first, then who, then what is missing.</summary>
    private List<string> Refusals(LifecycleTrigger trigger)
    {
        if (!IsPermittedFrom(plan.Lifecycle.State, trigger))
        {
            return [dialog.Text("not_allowed", ("trigger", dialog.Triggers[trigger]), ("state", dialog.States[plan.Lifecycle.State]))];
        }
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(actor.UserKey))
        {
            reasons.Add(dialog.Text("actor_unknown"));
        }
        if (!AllowedRoles[trigger].Contains(actor.Role))
        {
            var roles = string.Join(" " + dialog.Text("roles_joiner") + " ", AllowedRoles[trigger].Where(r => r != LifecycleRole.System).Select(r => dialog.Roles[r]));
            reasons.Add(dialog.Text("wrong_role", ("roles", roles), ("trigger", dialog.Triggers[trigger])));
        }
        if (reason is { Length: > MaxReasonLength })
        {
            reasons.Add(dialog.Text("reason_too_long", ("max", MaxReasonLength.ToString(CultureInfo.InvariantCulture))));
        }
        reasons.AddRange(trigger switch
        {
            LifecycleTrigger.SubmitForReview or LifecycleTrigger.Resubmit => ReadyForReview(),
            LifecycleTrigger.Return when reason is null => [dialog.Text("reason_required")],
            LifecycleTrigger.Adopt => ReadyForAdoption(),
            _ => [],
        });
        return reasons;
    }

    /// <summary>The required parts still missing (dialogs/draft.yaml), and the pupil's voice if it is not weighed.</summary>
    private List<string> ReadyForReview()
    {
        var reasons = MissingParts.Of(plan, draft).Where(m => !NotBeforeReview.Contains(m.Kind)).Select(m => m.Text).ToList();
        if (!PupilVoiceWeighing.IsDone(plan))
        {
            reasons.Add(dialog.Text("pupil_voice_not_weighed"));
        }
        return reasons;
    }

    /// <summary>The parents' consent (one reason per parent with gezag who said niet akkoord), and the pupil's voice weighed.</summary>
    private List<string> ReadyForAdoption()
    {
        var reasons = ParentConsents.CanBeAdopted(plan).Blocks.Select(b => b.Kind == AdoptionBlockKind.NotAgreed
            ? dialog.Text("not_agreed",
                ("parent", b.Consent!.Label ?? dialog.Text("parent_unnamed")),
                ("reasons", b.Consent.Reasons?.Text ?? dialog.Text("no_reasons")))
            : dialog.Text("no_consent")).ToList();
        if (!PupilVoiceWeighing.IsDone(plan))
        {
            reasons.Add(dialog.Text("pupil_voice_not_weighed"));
        }
        return reasons;
    }

    private bool IsPermittedFrom(OppStatus state, LifecycleTrigger trigger) =>
        machine.GetInfo().States.Single(s => s.UnderlyingState.Equals(state)).FixedTransitions.Any(t => t.Trigger.UnderlyingTrigger.Equals(trigger));
}
