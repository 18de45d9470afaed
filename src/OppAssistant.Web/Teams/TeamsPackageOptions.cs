using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OppAssistant.Web.Teams;

/// <summary>The validated arguments of <c>teams-package</c>.</summary>
internal sealed record TeamsPackageOptions(
    Guid AppId,
    Guid TeamsAppId,
    string Host,
    string OutputPath,
    string Version,
    string DeveloperName,
    Uri WebsiteUrl,
    Uri PrivacyUrl,
    Uri TermsUrl,
    string DialogsDirectory,
    bool TeamScope = false)
{
    public const string DefaultFileName = "oppassistant-teams.zip";
    public const int DeveloperNameMaxLength = 32; // Teams manifest schema limit.

    public const string Usage =
        "Usage: teams-package --app-id <GUID> --host <hostname> [--out <path.zip>] [--version 1.0.0]\n" +
        "       [--teams-app-id <GUID>] [--developer-name <name>] [--website-url <https url>]\n" +
        "       [--privacy-url <https url>] [--terms-url <https url>] [--dialogs <dir>] [--team-scope]\n" +
        "  --team-scope  also offer the bot in the 'team' scope, so the school can add the app to its coordinators'\n" +
        "                team (needed for Coordinators:TeamId). The bot still answers only in a personal chat.";

    private static readonly string[] Known =
    [
        "--app-id", "--host", "--out", "--version", "--teams-app-id", "--developer-name",
        "--website-url", "--privacy-url", "--terms-url", "--dialogs",
    ];

    // Arguments without a value: present or not.
    private static readonly string[] Flags = ["--team-scope"];

    // Fixed namespace for the name-based Teams app id: never change it, or every school gets a new app.
    private static readonly Guid TeamsAppIdNamespace = new("80121c2c-61fa-4aa9-9d99-6de7fd170b99");

    public static bool IsHelp(IReadOnlyList<string> args) => args.Skip(1).Any(a => a is "--help" or "-h");

    /// <summary>Parses <c>teams-package --name value …</c> (also <c>--name=value</c>); the error names the argument.</summary>
    public static TeamsPackageOptions Parse(IReadOnlyList<string> args, string currentDirectory, string baseDirectory)
    {
        var values = ReadPairs(args);
        string? Value(string name) => values.GetValueOrDefault(name);

        var appId = RequiredGuid(Value("--app-id"), "--app-id", "the bot's Microsoft App ID");
        var host = ValidHost(Value("--host"));
        var teamsAppId = Value("--teams-app-id") is { } given
            ? RequiredGuid(given, "--teams-app-id", "the Teams app id")
            : DeriveTeamsAppId(appId);

        var version = Value("--version") ?? "1.0.0";
        if (!Regex.IsMatch(version, @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant))
        {
            throw new UsageException($"--version must be MAJOR.MINOR.PATCH, such as 1.0.0 (got '{version}').");
        }

        var developerName = Value("--developer-name") ?? host;
        if (string.IsNullOrWhiteSpace(developerName) || developerName.Length > DeveloperNameMaxLength)
        {
            throw new UsageException(Value("--developer-name") is null
                ? $"--developer-name is required when the host is longer than {DeveloperNameMaxLength} characters."
                : $"--developer-name must be 1 to {DeveloperNameMaxLength} characters.");
        }

        var output = Path.GetFullPath(Value("--out") ?? DefaultFileName, currentDirectory);
        if (Directory.Exists(output))
        {
            throw new UsageException($"--out must be a file path, but '{output}' is a folder.");
        }

        return new TeamsPackageOptions(
            appId,
            teamsAppId,
            host,
            output,
            version,
            developerName.Trim(),
            HttpsUrl(Value("--website-url") ?? $"https://{host}/", "--website-url"),
            HttpsUrl(Value("--privacy-url") ?? $"https://{host}/privacy", "--privacy-url"),
            HttpsUrl(Value("--terms-url") ?? $"https://{host}/voorwaarden", "--terms-url"),
            Path.GetFullPath(Value("--dialogs") ?? Path.Combine(baseDirectory, "dialogs"), currentDirectory),
            TeamScope: values.ContainsKey("--team-scope"));
    }

    /// <summary>
    /// A name-based (RFC 4122 version 5) GUID of the bot's app id, so re-running the command for the same
    /// bot updates the same Teams app instead of creating another one.
    /// </summary>
    public static Guid DeriveTeamsAppId(Guid appId)
    {
        var name = Encoding.UTF8.GetBytes(appId.ToString("D"));
        var input = new byte[16 + name.Length];
        TeamsAppIdNamespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        // SHA-1 is what version 5 prescribes; it is an identifier here, not a security boundary.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static Dictionary<string, string> ReadPairs(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], null);
            if (Flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"{name} takes no value.");
                }
                if (!values.TryAdd(name, ""))
                {
                    throw new UsageException($"{name} is given more than once.");
                }
                continue;
            }
            if (!Known.Contains(name))
            {
                throw new UsageException($"Unknown argument '{args[i]}'.");
            }
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"{name} needs a value.");
                }
                value = args[++i];
            }
            if (!values.TryAdd(name, value.Trim()))
            {
                throw new UsageException($"{name} is given more than once.");
            }
        }
        return values;
    }

    private static Guid RequiredGuid(string? value, string name, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new UsageException($"{name} is required ({what}, a GUID).");
        }
        if (!Guid.TryParse(value, out var guid) || guid == Guid.Empty)
        {
            throw new UsageException($"{name} must be a GUID such as 00000000-0000-0000-0000-000000000001 (got '{value}').");
        }
        return guid;
    }

    private static string ValidHost(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new UsageException("--host is required (the public host name of the bot, such as opp.school.nl).");
        }
        // Only a DNS name with at least one dot: validDomains and the https URLs need a bare host name.
        var isHostName = Uri.CheckHostName(value) == UriHostNameType.Dns
            && value.Length <= 253
            && Regex.IsMatch(value, @"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (!isHostName)
        {
            throw new UsageException($"--host must be a bare host name such as opp.school.nl, without scheme, port or path (got '{value}').");
        }
        return value.ToLowerInvariant();
    }

    private static Uri HttpsUrl(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"{name} must be an absolute https URL (got '{value}').");
        }
        return uri;
    }
}

/// <summary>A wrong or missing command-line argument: reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
