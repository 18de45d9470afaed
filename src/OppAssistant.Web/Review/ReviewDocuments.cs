using OppAssistant.Core.Opp;
using OppAssistant.Documents;

namespace OppAssistant.Web.Review;

/// <summary>The three Word files of a plan on the review page, named by plan id and kind, never by the pupil's name.</summary>
internal static class ReviewDocuments
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static readonly string[] Kinds = ["school", "parents", "pupil"];

    public static string Path(string oppId, string kind) => $"{ReviewPages.PlanPath(oppId)}/documents/{kind}.docx";

    public static string FileName(string oppId, string kind) => $"opp-{oppId}-{kind}.docx";

    /// <summary>The file of <paramref name="kind"/>; null for a kind that does not exist.</summary>
    public static byte[]? Create(OppWordDocuments documents, OppDocument plan, string kind) => kind switch
    {
        "school" => documents.SchoolRecord(plan),
        "parents" => documents.ForParents(plan),
        "pupil" => documents.ForPupil(plan),
        _ => null,
    };
}
