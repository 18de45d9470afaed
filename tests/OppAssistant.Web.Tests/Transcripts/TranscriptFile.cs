using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// A Bot Framework Emulator <c>.transcript</c>: a JSON array of activities, the user's (<c>from.role</c> "user")
/// each followed by the bot's replies (<c>from.role</c> "bot"). Written indented, UTF-8 without BOM and with Dutch
/// characters unescaped, so a re-recorded transcript reads well in a diff.
/// </summary>
public sealed class TranscriptFile
{
    public const string UserRole = "user";
    public const string BotRole = "bot";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public TranscriptFile(string name, IEnumerable<JsonObject> activities)
    {
        Name = name;
        // Detached copies: a node can only belong to one array, and callers keep theirs.
        Activities = activities.Select(a => a.DeepClone().AsObject()).ToList();
        Turns = SplitIntoTurns(name, Activities);
    }

    /// <summary>The file name, used in failure messages.</summary>
    public string Name { get; }

    public IReadOnlyList<JsonObject> Activities { get; }

    /// <summary>Each user activity with the bot activities after it, up to the next user activity.</summary>
    public IReadOnlyList<TranscriptTurn> Turns { get; }

    public static TranscriptFile Read(string path)
    {
        var name = Path.GetFileName(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8), documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name} is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonArray array)
        {
            throw new InvalidDataException($"{name} must be a JSON array of activities.");
        }
        var activities = new List<JsonObject>();
        for (var i = 0; i < array.Count; i++)
        {
            activities.Add(array[i] as JsonObject ?? throw new InvalidDataException($"{name}: activities[{i}] is not a JSON object."));
        }
        return new TranscriptFile(name, activities);
    }

    public void Write(string path) =>
        File.WriteAllText(path, ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public string ToJson() => ToJson(new JsonArray([.. Activities.Select(a => a.DeepClone())])) + "\n";

    /// <summary>Any node as the transcript writes it; also used for the expected/actual diff.</summary>
    public static string ToJson(JsonNode? node) => node?.ToJsonString(WriteOptions) ?? "null";

    public static string? RoleOf(JsonObject activity) =>
        activity["from"] is JsonObject from && from["role"] is JsonValue role && role.TryGetValue<string>(out var text) ? text : null;

    private static List<TranscriptTurn> SplitIntoTurns(string name, IReadOnlyList<JsonObject> activities)
    {
        var turns = new List<TranscriptTurn>();
        List<JsonObject>? bot = null;
        for (var i = 0; i < activities.Count; i++)
        {
            switch (RoleOf(activities[i]))
            {
                case UserRole:
                    bot = [];
                    turns.Add(new TranscriptTurn(turns.Count + 1, i, activities[i], bot));
                    break;
                case BotRole when bot is not null:
                    bot.Add(activities[i]);
                    break;
                case BotRole:
                    throw new InvalidDataException($"{name}: activities[{i}] is a bot activity before any user activity.");
                default:
                    throw new InvalidDataException($"{name}: activities[{i}] needs from.role \"user\" or \"bot\".");
            }
        }
        return turns;
    }
}

/// <param name="Number">1-based among the user activities.</param>
/// <param name="Index">0-based position of the user activity in the file's array.</param>
/// <param name="User">What the user sent.</param>
/// <param name="Bot">The bot activities the transcript expects in reply.</param>
public sealed record TranscriptTurn(int Number, int Index, JsonObject User, IReadOnlyList<JsonObject> Bot);
