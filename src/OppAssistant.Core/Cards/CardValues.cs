using System.Text.Json;

namespace OppAssistant.Core.Cards;

/// <summary>Reads what a pressed card button or a sent form carries: its fields are strings or absent.</summary>
public static class CardValues
{
    /// <summary>The string field <paramref name="key"/> of the card's data, or null when the data is no object or the field is no string.</summary>
    public static string? String(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var field) && field.ValueKind == JsonValueKind.String
            ? field.GetString()
            : null;
}
