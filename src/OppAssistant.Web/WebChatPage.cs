namespace OppAssistant.Web;

/// <summary>The Web Chat page at / (texts from dialogs/channels.yaml, script from the npm package).</summary>
internal static class WebChatPage
{
    public static IEndpointRouteBuilder MapWebChatPage(this IEndpointRouteBuilder endpoints) => endpoints;
}
