using Microsoft.Extensions.Options;

namespace OppAssistant.Storage;

/// <summary>
/// Where state is kept. SQLite in <see cref="DataDirectory"/> by default (nothing to install); PostgreSQL as
/// soon as <c>ConnectionStrings:PostgreSql</c> is set, so several instances can share one database.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string PostgreSqlConnectionStringName = "PostgreSql";

    /// <summary>Folder of the SQLite file; relative paths are taken from the content root. Created on first run.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long Direct Line activities (they hold message text) are kept for reconnecting clients.</summary>
    public TimeSpan ActivityRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Bound from <c>ConnectionStrings:PostgreSql</c>, not from this section.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    public bool UsesPostgreSql => !string.IsNullOrWhiteSpace(PostgreSqlConnectionString);
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesPostgreSql && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Storage:DataDirectory must name a folder for the SQLite database (or set ConnectionStrings:PostgreSql).");
        }
        if (options.ActivityRetention < TimeSpan.FromMinutes(5) || options.ActivityRetention > TimeSpan.FromDays(30))
        {
            errors.Add("Storage:ActivityRetention must be between 00:05:00 and 30.00:00:00.");
        }
        if (options.UsesPostgreSql)
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgreSqlConnectionString);
            }
            catch (ArgumentException)
            {
                errors.Add("ConnectionStrings:PostgreSql is not a valid PostgreSQL connection string.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
