using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Evaluation;

/// <summary>The steps of the evaluation (<see cref="EvaluationFlow"/>); <see cref="Active"/> is the super-state of the questions.</summary>
public enum EvaluationStep
{
    /// <summary>The super-state of every question: "stop" leaves from each of them.</summary>
    Active,

    /// <summary>Per goal: reached, partly or not, with an optional short note.</summary>
    Goal,

    /// <summary>On course for the uitstroomperspectief: yes or no.</summary>
    OnCourse,

    /// <summary>Why (on course or not), in the teacher's words.</summary>
    OnCourseWhy,

    /// <summary>What changes for the coming period.</summary>
    Changes,

    /// <summary>The summary and "klopt dit?".</summary>
    Confirm,

    /// <summary>Stored: the evaluation is in the plan and the next version has started.</summary>
    Saved,

    /// <summary>Left without storing anything.</summary>
    Stopped,
}

/// <summary>
/// Where an evaluation stands in this conversation, held by <see cref="Teacher.TeacherSession"/> while it runs. The
/// answers wait here until "klopt dit?" is confirmed, so that stopping halfway stores nothing in the plan; the session
/// is dropped when the evaluation is saved or stopped.
/// </summary>
public sealed class EvaluationSession
{
    public string OppId { get; set; } = "";

    public EvaluationStep Step { get; set; } = EvaluationStep.Goal;

    /// <summary>The ids of the goals being evaluated, in the plan's order, fixed when the evaluation started.</summary>
    public List<string> GoalIds { get; set; } = [];

    /// <summary>The judgements given so far, one per goal in <see cref="GoalIds"/> order.</summary>
    public List<GoalEvaluation> Goals { get; set; } = [];

    public bool? OnCourse { get; set; }

    public TextEntry? OnCourseWhy { get; set; }

    public TextEntry? Changes { get; set; }
}
