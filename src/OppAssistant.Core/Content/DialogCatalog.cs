using OppAssistant.Core.Drafting;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Content;

/// <summary>
/// Everything the bot says, loaded from <c>dialogs/*.yaml</c> once at start. Loading validates the files and
/// fails with the file and line of the first problem, so broken content stops the service before a user sees it.
/// </summary>
public sealed class DialogCatalog
{
    private DialogCatalog(CommonDialog common, ChannelTexts channels, TeacherDialog teacher, NeedFrames needs, DraftDialog draft, LanguageChecks languageChecks, PupilDialog pupil, SafeguardingContent safeguarding, ParentDialog parent, ParentPlanDialog parentPlan, LifecycleDialog lifecycle, ChecklistDialog checklist, ReviewDialog review, ReviewPageDialog reviewPage)
    {
        Review = review;
        ReviewPage = reviewPage;
        Lifecycle = lifecycle;
        Checklist = checklist;
        ParentPlan = parentPlan;
        Pupil = pupil;
        Parent = parent;
        Safeguarding = safeguarding;
        Common = common;
        Channels = channels;
        Teacher = teacher;
        Needs = needs;
        Draft = draft;
        LanguageChecks = languageChecks;
    }

    public CommonDialog Common { get; }

    public ChannelTexts Channels { get; }

    /// <summary>The teacher's guided OPP (the flow that uses it comes with the teacher's conversation).</summary>
    public TeacherDialog Teacher { get; }

    /// <summary>The hulpzinnen and their suggested endings, from prompts/ (next to dialogs/).</summary>
    public NeedFrames Needs { get; }

    /// <summary>The assembled draft OPP: headings, labels, provenance marks, length and missing-part texts (<see cref="Drafting.DraftAssembler"/>).</summary>
    public DraftDialog Draft { get; }

    /// <summary>The language checks on factors, goals and needs, with their word lists compiled (dialogs/language-checks.yaml).</summary>
    public LanguageChecks LanguageChecks { get; }

    /// <summary>The pupil's conversation: the code entry and one dialog per age band (dialogs/pupil/).</summary>
    public PupilDialog Pupil { get; }

    /// <summary>The parent's anonymous questions and answers: texts around the knowledge cards, and the personal-data words (dialogs/parent.yaml).</summary>
    public ParentDialog Parent { get; }

    /// <summary>What happens when a pupil's words suggest harm: phrase lists, replies per band, the alert (dialogs/safeguarding.yaml).</summary>
    public SafeguardingContent Safeguarding { get; }

    /// <summary>The parents' part of the plan: the home circle, their needs, their view and their consent (dialogs/parent-plan.yaml).</summary>
    public ParentPlanDialog ParentPlan { get; }

    /// <summary>The plan's lifecycle: the names of its statuses, steps and roles, and why a step cannot be taken (dialogs/lifecycle.yaml).</summary>
    public LifecycleDialog Lifecycle { get; }

    /// <summary>The evaluation of an adopted plan, which starts its next version (dialogs/evaluation.yaml, <see cref="Evaluation.EvaluationFlow"/>).</summary>
    public EvaluationDialog Evaluation { get; private set; } = null!;

    /// <summary>The review checklist's titles, explanations and sources (dialogs/checklist.yaml, <see cref="Review.ReviewChecklist"/>).</summary>
    public ChecklistDialog Checklist { get; }

    /// <summary>The review in the chat: the coordinator's queue and plan card, and the teacher's "indienen" and notices (dialogs/review.yaml).</summary>
    public ReviewDialog Review { get; }

    /// <summary>The coordinator's review page in the browser: headings, buttons, messages and error pages (dialogs/review-page.yaml).</summary>
    public ReviewPageDialog ReviewPage { get; }

    public static DialogCatalog Load(string directory)
    {
        var catalog = LoadParts(directory);
        catalog.Evaluation = ReadEvaluation(directory, catalog);
        return catalog;
    }

    /// <summary>dialogs/evaluation.yaml; "evalueren" works in every step of the teacher's conversation, so it must be no other command there.</summary>
    private static EvaluationDialog ReadEvaluation(string directory, DialogCatalog catalog)
    {
        var path = Path.Combine(directory, "evaluation.yaml");
        var file = File.Exists(path)
            ? YamlFile.Load(path, "dialogs/evaluation.yaml")
            : throw new ContentException($"dialogs/evaluation.yaml: the file is missing from '{directory}'");
        var evaluation = EvaluationDialog.Read(file);
        var commands = catalog.Common.Commands.Values.Concat(catalog.Teacher.Commands.Values).SelectMany(c => c).Select(TextMatcher.Normalize).ToHashSet();
        if (evaluation.Commands["start"].Select(TextMatcher.Normalize).FirstOrDefault(commands.Contains) is { } taken)
        {
            throw ContentException.At(file.Path, file.Root, $"command 'start': '{taken}' is already a command in dialogs/common.yaml or dialogs/teacher.yaml");
        }
        return evaluation;
    }

    private static DialogCatalog LoadParts(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ContentException($"The dialogs folder '{directory}' does not exist. Set Content:DialogsDirectory.");
        }
        YamlFile Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path)
                ? YamlFile.Load(path, $"dialogs/{name}")
                : throw new ContentException($"dialogs/{name}: the file is missing from '{directory}'");
        }
        var common = CommonDialog.Read(Read("common.yaml"));
        var teacherFile = Read("teacher.yaml");
        var teacher = TeacherDialog.Read(teacherFile);
        // A teacher's command must not also be one of the commands that work everywhere.
        var everywhere = common.Commands.Values.SelectMany(c => c).Select(TextMatcher.Normalize).ToHashSet();
        foreach (var (command, phrases) in teacher.Commands)
        {
            if (phrases.Select(TextMatcher.Normalize).FirstOrDefault(everywhere.Contains) is { } clash)
            {
                throw ContentException.At(teacherFile.Path, teacherFile.Root, $"command '{command}': '{clash}' is already a command in dialogs/common.yaml");
            }
        }
        // prompts/ sits next to dialogs/, in the repository and in the build output alike.
        var prompts = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)))!, "prompts");
        YamlFile Prompt(string name) => File.Exists(Path.Combine(prompts, name))
            ? YamlFile.Load(Path.Combine(prompts, name), $"prompts/{name}")
            : throw new ContentException($"prompts/{name} is missing; it belongs next to the dialogs folder ({prompts}).");
        var framesFile = Prompt("hulpzinnen.yaml");
        var needs = NeedFrames.Read(framesFile, Prompt("need-suggestions.yaml"));
        // A category is chosen by typing its name too: a name that is also a command would never reach the step.
        var commands = everywhere.Concat(teacher.Commands.Values.SelectMany(c => c).Select(TextMatcher.Normalize)).ToHashSet();
        foreach (var category in needs.Frames.SelectMany(f => f.Categories).Where(c => commands.Contains(TextMatcher.Normalize(c.Label))))
        {
            throw ContentException.At(framesFile.Path, framesFile.Root, $"category label '{category.Label}' is also a command");
        }
        return new DialogCatalog(
            common, ChannelTexts.Read(Read("channels.yaml")), teacher, needs, DraftDialog.Read(Read("draft.yaml")), LanguageCheckContent.Read(Read("language-checks.yaml")),
            PupilDialog.Read(directory, common.Commands.Values.SelectMany(c => c)), SafeguardingContent.Read(Read("safeguarding.yaml")),
            ParentDialog.Read(Read("parent.yaml")),
            ParentPlanDialog.Read(Read("parent-plan.yaml")),
            LifecycleDialog.Read(Read("lifecycle.yaml")),
            ChecklistDialog.Read(Read("checklist.yaml")),
            ReadReview(Read("review.yaml"), everywhere, teacher),
            ReviewPageDialog.Read(Read("review-page.yaml")));
    }

    /// <summary>A review command must not also be a command that works everywhere, nor one of the teacher's ("indienen" is typed in her flow).</summary>
    private static ReviewDialog ReadReview(YamlFile file, IReadOnlySet<string> everywhere, TeacherDialog teacher)
    {
        var review = ReviewDialog.Read(file);
        var taken = everywhere.Concat(teacher.Commands.Values.SelectMany(c => c).Select(TextMatcher.Normalize)).ToHashSet();
        foreach (var (command, phrases) in review.Commands)
        {
            if (phrases.Select(TextMatcher.Normalize).FirstOrDefault(taken.Contains) is { } clash)
            {
                throw ContentException.At(file.Path, file.Root, $"command '{command}': '{clash}' is already a command in dialogs/common.yaml or dialogs/teacher.yaml");
            }
        }
        return review;
    }
}
