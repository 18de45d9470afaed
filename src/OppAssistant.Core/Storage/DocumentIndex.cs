using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Storage;

/// <summary>
/// The ids of a collection's documents, newest first, kept in the same collection under <see cref="Key"/> (a document
/// id is hex, so that key can never be one). Written in the same turn as the document it lists.
/// </summary>
public static class DocumentIndex
{
    public const string Key = "list";

    public static async Task PrependAsync(TurnDocuments documents, string collection, string id, CancellationToken cancellationToken)
    {
        var ids = await ReadAsync(documents, collection, cancellationToken).ConfigureAwait(false);
        documents.Put(collection, Key, JsonSerializer.SerializeToUtf8Bytes([id, .. ids], DocumentIndexJsonContext.Default.ListString));
    }

    public static async Task<IReadOnlyList<string>> ReadAsync(TurnDocuments documents, string collection, CancellationToken cancellationToken) =>
        await documents.GetAsync(collection, Key, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, DocumentIndexJsonContext.Default.ListString)!
            : [];
}

[JsonSerializable(typeof(List<string>))]
internal sealed partial class DocumentIndexJsonContext : JsonSerializerContext;
