using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Lifecycle;

/// <summary>The steps of the plan's lifecycle; their Dutch names are in dialogs/lifecycle.yaml.</summary>
public enum LifecycleTrigger
{
    /// <summary>The teacher offers the complete draft for review (ter review aanbieden).</summary>
    SubmitForReview,

    /// <summary>The coordinator sends it back, with a reason (terugsturen).</summary>
    Return,

    /// <summary>The coordinator approves it (goedkeuren).</summary>
    Approve,

    /// <summary>After approval the parents are asked to agree to the handelingsdeel (om instemming vragen).</summary>
    RequestConsent,

    /// <summary>The plan is adopted (vaststellen): only with the parents' consent and the pupil's voice weighed.</summary>
    Adopt,

    /// <summary>The teacher records the evaluation of the adopted plan (evalueren).</summary>
    Evaluate,

    /// <summary>The teacher offers the returned plan for review again (opnieuw ter review aanbieden).</summary>
    Resubmit,
}

/// <summary>Who takes a lifecycle step; the Dutch names are in dialogs/lifecycle.yaml.</summary>
public enum LifecycleRole
{
    Teacher,

    /// <summary>IB'er or zorgcoördinator.</summary>
    Coordinator,

    SchoolLeader,

    /// <summary>The assistant itself, for a step that follows from another (asking for consent after approval).</summary>
    System,
}

/// <summary>Who takes the step: a role and the user key (see <see cref="Turns.TurnInput.UserKey"/>), never a name.</summary>
public sealed record LifecycleActor(LifecycleRole Role, string UserKey);

/// <summary>One entry of the audit trail: from which state to which, by which step, who (role and user key), when and why.</summary>
public sealed record LifecycleTransition(
    OppStatus From, OppStatus To, LifecycleTrigger Trigger, LifecycleRole ByRole, string ByKey, DateTimeOffset At, string? Reason = null);

/// <summary>What firing a step gave: the transition made, or the Dutch reasons why not.</summary>
public abstract record LifecycleResult
{
    private LifecycleResult()
    {
    }

    public bool IsOk => this is Ok;

    /// <summary>The step was taken; <see cref="Transition"/> is the new last entry of the audit trail.</summary>
    public sealed record Ok(LifecycleTransition Transition) : LifecycleResult;

    /// <summary>The step was refused; nothing changed. One Dutch sentence per reason, from dialogs/.</summary>
    public sealed record Refused(IReadOnlyList<string> Reasons) : LifecycleResult;
}
