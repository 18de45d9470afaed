using System.Text.Json.Serialization;

namespace OppAssistant.Core.Conversation;

/// <summary>Where the conversation as a whole stands; the role flows of later stages keep their own position.</summary>
public enum SessionStage
{
    New,
    ChoosingRole,
    InRole,
}

/// <summary>
/// The stored state of one conversation, read once and written once per turn. It holds positions and choices,
/// never the text of an answer: what the plan needs lives in the plan, not in the chat state.
/// </summary>
public sealed class ConversationState
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public SessionStage Stage { get; set; } = SessionStage.New;

    public Role? Role { get; set; }

    /// <summary>The teacher's flow, once the user chose that role; kept when she switches roles and back.</summary>
    public Teacher.TeacherSession? Teacher { get; set; }

    /// <summary>The pupil's conversation, once he came in with a code.</summary>
    public Pupil.PupilSession? Pupil { get; set; }

    /// <summary>The parent's questions and answers: where they stand, never a question.</summary>
    public Parent.ParentSession? Parent { get; set; }

    /// <summary>A parent's part of a plan, once a parent came in with a code (not the parent's questions about rights).</summary>
    public Parent.ParentPlanSession? ParentPlan { get; set; }

    /// <summary>The coordinator's review, once an admitted coordinator chose that role: where, never a comment.</summary>
    public Review.CoordinatorSession? Coordinator { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastTurnAt { get; set; }

    public long Turns { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
