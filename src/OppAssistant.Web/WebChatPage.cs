using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using OppAssistant.Core.Content;

namespace OppAssistant.Web;

/// <summary>
/// The Web Chat page at / and the embed script at /embed.js. Both are built once at start: the page from the
/// template below with the (HTML-encoded) texts of dialogs/channels.yaml, the script from wwwroot/embed.js (compiled in as a resource, see the csproj) with
/// those texts inlined, so a school's site that fails to reach the bot can still say so in Dutch.
/// /lib/webchat/webchat.js (from the npm package, see the csproj) and the rest of wwwroot are static assets.
/// </summary>
internal static class WebChatPage
{
    public const string ScriptPath = "/lib/webchat/webchat.js";
    public const string EmbedPath = "/embed.js";
    public const string TargetElementId = "webchat";

    private const string EmbedResourceName = "OppAssistant.Web.embed.js";
    private const string TextsPlaceholder = "/*TEXTS*/{}";

    private const string Template = """
        <!DOCTYPE html>
        <html lang="nl">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{page_title}}</title>
          <link rel="icon" href="data:,">
          <link rel="stylesheet" href="/site.css">
        </head>
        <body>
          <header>
            <h1>{{heading}}</h1>
            <p>{{intro}}</p>
          </header>
          <main id="{{target}}" class="chat"></main>
          <noscript><p class="notice">{{noscript}}</p></noscript>
          <script src="{{script}}"></script>
          <script src="{{embed}}" data-target="{{target}}"></script>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapWebChatPage(this IEndpointRouteBuilder endpoints)
    {
        var texts = endpoints.ServiceProvider.GetRequiredService<DialogCatalog>().Channels.WebChat;

        // Run from the build output (dotnet run/test) rather than a publish folder, wwwroot lacks the compressed
        // copies the asset manifest points to; outside Development nothing maps them, and gzip requests get
        // empty 200s. The build's runtime manifest maps them (a no-op after publish, where it does not exist).
        var environment = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        if (!environment.IsDevelopment())
        {
            StaticWebAssetsLoader.UseStaticWebAssets(environment, endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        }
        endpoints.MapStaticAssets();

        var page = Encoding.UTF8.GetBytes(RenderPage(texts));
        endpoints.MapGet("/", (HttpContext context) => WriteAsync(context, page, "text/html; charset=utf-8"));

        var embed = Encoding.UTF8.GetBytes(RenderEmbedScript(texts));
        endpoints.MapGet(EmbedPath, (HttpContext context) => WriteAsync(context, embed, "text/javascript; charset=utf-8"));
        return endpoints;
    }

    internal static string RenderPage(IReadOnlyDictionary<string, string> texts)
    {
        var html = new StringBuilder(Template);
        foreach (var (key, text) in texts)
        {
            html.Replace("{{" + key + "}}", WebUtility.HtmlEncode(text.Trim()));
        }
        return html
            .Replace("{{target}}", TargetElementId)
            .Replace("{{script}}", ScriptPath)
            .Replace("{{embed}}", EmbedPath)
            .ToString();
    }

    private static string RenderEmbedScript(IReadOnlyDictionary<string, string> texts)
    {
        using var stream = typeof(WebChatPage).Assembly.GetManifestResourceStream(EmbedResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbedResourceName} (wwwroot{EmbedPath}) is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var script = reader.ReadToEnd();
        if (!script.Contains(TextsPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wwwroot{EmbedPath} lost its texts placeholder {TextsPlaceholder}.");
        }
        using var json = new MemoryStream();
        // The default encoder escapes <, >, & and quotes, so the texts cannot end the script or break out of it.
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            writer.WriteStartObject();
            foreach (var (key, text) in texts)
            {
                writer.WriteString(key, text.Trim());
            }
            writer.WriteEndObject();
        }
        return script.Replace(TextsPlaceholder, Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
    }

    private static Task WriteAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
