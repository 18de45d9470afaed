using Microsoft.Extensions.Options;

namespace OppAssistant.Drafting.AI;

/// <summary>How the chat-completions endpoint is addressed.</summary>
public enum AiApiStyle
{
    /// <summary>Azure OpenAI per deployment: <c>{Endpoint}/openai/deployments/{Deployment}/chat/completions?api-version={ApiVersion}</c> with an <c>api-key</c> header.</summary>
    AzureDeployment,

    /// <summary>
    /// An OpenAI-style base URL with a bearer key: Azure OpenAI's v1 API (<c>https://{resource}.openai.azure.com/openai/v1/</c>)
    /// or any OpenAI-compatible service. <c>chat/completions</c> is appended to <see cref="AiDraftingOptions.Endpoint"/>.
    /// </summary>
    OpenAICompatible,
}

/// <summary>Optional AI drafting (section <c>AiDrafting</c>); off unless <see cref="Enabled"/>. Checked at start only when enabled.</summary>
public sealed class AiDraftingOptions
{
    public const string SectionName = "AiDrafting";

    public bool Enabled { get; set; }

    public AiApiStyle ApiStyle { get; set; } = AiApiStyle.AzureDeployment;

    /// <summary>AzureDeployment: the resource, e.g. https://my-resource.openai.azure.com. OpenAICompatible: the base URL ending in /v1/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The Azure deployment name (AzureDeployment).</summary>
    public string? Deployment { get; set; }

    /// <summary>The model name sent in the request (OpenAICompatible; on Azure's v1 API this is the deployment name).</summary>
    public string? Model { get; set; }

    /// <summary>The Azure OpenAI REST api-version (AzureDeployment only).</summary>
    public string ApiVersion { get; set; } = "2024-10-21";

    /// <summary>A secret: only from user-secrets or the environment (<c>AiDrafting__ApiKey</c>), never from a committed file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one suggestion may take; after that the caller keeps its template draft.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Upper bound on the answer's length; a prompt's own <c>max_tokens</c> is lowered to this, never raised.</summary>
    public int MaxOutputTokens { get; set; } = 600;

    /// <summary>School names to replace by «SCHOOL_n» before a prompt leaves the service (besides "basisschool X", "OBS X" …).</summary>
    public string[] SchoolNames { get; set; } = [];

    /// <summary>The prompts/ folder. Empty means the copy next to the application.</summary>
    public string PromptsDirectory { get; set; } = "";

    public string ResolvedPromptsDirectory =>
        string.IsNullOrWhiteSpace(PromptsDirectory) ? Path.Combine(AppContext.BaseDirectory, "prompts") : PromptsDirectory;

    public string? ModelOrDeployment => ApiStyle == AiApiStyle.AzureDeployment ? Deployment : Model;
}

internal sealed class AiDraftingOptionsValidator : IValidateOptions<AiDraftingOptions>
{
    private const string Section = AiDraftingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AiDraftingOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (!Enum.IsDefined(options.ApiStyle))
        {
            failures.Add($"{Section}:ApiStyle must be {nameof(AiApiStyle.AzureDeployment)} or {nameof(AiApiStyle.OpenAICompatible)}.");
        }
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add($"{Section}:Endpoint is required when {Section}:Enabled is true (e.g. https://my-resource.openai.azure.com).");
        }
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:Endpoint must be an absolute https URL.");
        }
        else if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
        {
            failures.Add($"{Section}:Endpoint must use https: the key and the (pseudonymised) plan text travel with every call.");
        }
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey is required when {Section}:Enabled is true; set it with user-secrets or the environment variable {Section}__ApiKey, never in a file.");
        }
        if (options.ApiStyle == AiApiStyle.AzureDeployment)
        {
            if (string.IsNullOrWhiteSpace(options.Deployment))
            {
                failures.Add($"{Section}:Deployment (the Azure OpenAI deployment name) is required when {Section}:ApiStyle is {nameof(AiApiStyle.AzureDeployment)}.");
            }
            if (string.IsNullOrWhiteSpace(options.ApiVersion))
            {
                failures.Add($"{Section}:ApiVersion is required when {Section}:ApiStyle is {nameof(AiApiStyle.AzureDeployment)}.");
            }
        }
        else if (options.ApiStyle == AiApiStyle.OpenAICompatible && string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{Section}:Model is required when {Section}:ApiStyle is {nameof(AiApiStyle.OpenAICompatible)} (on Azure's v1 API: the deployment name).");
        }
        if (options.TimeoutSeconds is < 1 or > 120)
        {
            failures.Add($"{Section}:TimeoutSeconds must be between 1 and 120.");
        }
        if (options.MaxOutputTokens is < 50 or > 4000)
        {
            failures.Add($"{Section}:MaxOutputTokens must be between 50 and 4000.");
        }
        if (options.SchoolNames.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:SchoolNames must not hold empty names.");
        }
        try
        {
            DraftingPrompts.Check(options.ResolvedPromptsDirectory);
        }
        catch (PromptException e)
        {
            failures.Add($"{Section}:PromptsDirectory: {e.Message}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
