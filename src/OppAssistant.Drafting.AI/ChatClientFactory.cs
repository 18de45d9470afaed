using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace OppAssistant.Drafting.AI;

/// <summary>
/// The one <see cref="IChatClient"/> the drafting uses: OpenAI's own client (no Azure.AI.OpenAI, see
/// tech/feasibility §2.3) pointed at an Azure deployment or an OpenAI-style endpoint, without retries (a turn
/// falls back to its template instead of waiting) and without client logging (requests hold plan text).
/// </summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(AiDraftingOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            // The assistant's own time limit ends the call first; this only stops a hung connection.
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false },
        };
        var endpoint = options.Endpoint!.TrimEnd('/');
        ApiKeyCredential credential;
        string model;
        if (options.ApiStyle == AiApiStyle.AzureDeployment)
        {
            model = options.Deployment!;
            clientOptions.Endpoint = new Uri($"{endpoint}/openai/deployments/{Uri.EscapeDataString(model)}/");
            // Runs last, after OpenAI's bearer policy, so no Authorization header ever carries anything.
            clientOptions.AddPolicy(new AzureKeyAndVersionPolicy(options.ApiKey!, options.ApiVersion), PipelinePosition.BeforeTransport);
            credential = new ApiKeyCredential("replaced-by-api-key-header");
        }
        else
        {
            model = options.Model!;
            clientOptions.Endpoint = new Uri(endpoint + "/");
            credential = new ApiKeyCredential(options.ApiKey!);
        }
        var maxOutputTokens = options.MaxOutputTokens;
        return new OpenAIClient(credential, clientOptions)
            .GetChatClient(model)
            .AsIChatClient()
            .AsBuilder()
            // A prompt's config.json sets its own max_tokens; the option is the ceiling.
            .ConfigureOptions(o => o.MaxOutputTokens = Math.Min(o.MaxOutputTokens ?? maxOutputTokens, maxOutputTokens))
            .Build();
    }
}

/// <summary>Azure OpenAI's deployment URLs: the key in an <c>api-key</c> header and an <c>api-version</c> query.</summary>
internal sealed class AzureKeyAndVersionPolicy(string key, string apiVersion) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Apply(PipelineMessage message)
    {
        message.Request.Headers.Remove("Authorization");
        message.Request.Headers.Set("api-key", key);
        var uri = message.Request.Uri!;
        if (!uri.Query.Contains("api-version=", StringComparison.Ordinal))
        {
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            message.Request.Uri = new Uri(uri.AbsoluteUri + separator + "api-version=" + Uri.EscapeDataString(apiVersion));
        }
    }
}
