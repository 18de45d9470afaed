using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OppAssistant.Core;
using OppAssistant.Core.Review;
using OppAssistant.Documents;

namespace OppAssistant.Web.Review;

public static class ReviewPageServiceCollectionExtensions
{
    /// <summary>
    /// The coordinator's review page: options (section ReviewPage, checked on start), its sign-in (signed links, or
    /// Entra ID when ReviewPage:OpenIdConnect:Authority is set), the links the chat hands out (replacing
    /// <see cref="NoReviewLinks"/>), antiforgery for its forms and the Word files. Needs AddConversation.
    /// </summary>
    public static IServiceCollection AddReviewPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewPageOptions>().BindConfiguration(ReviewPageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReviewPageOptions>, ReviewPageOptionsValidator>();
        // Whether Entra is on decides which schemes exist, so it is read here; the values themselves come from the options.
        var configured = configuration.GetSection(ReviewPageOptions.SectionName).Get<ReviewPageOptions>() ?? new ReviewPageOptions();

        services.AddDataProtection();
        services.AddSingleton<SignedReviewLinks>();
        services.RemoveAll<IReviewLinks>();
        services.AddSingleton<IReviewLinks>(sp => sp.GetRequiredService<SignedReviewLinks>());
        services.AddSingleton<ReviewPages>();
        services.AddSingleton<ReviewEndpoints>();
        services.AddSingleton(sp => OppWordDocuments.Load(
            sp.GetRequiredService<IOptions<ContentOptions>>().Value.ResolvedDialogsDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "oppassistant-review-af";
            antiforgery.Cookie.Path = ReviewPages.QueuePath;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
        services.AddReviewAuthentication(configured);
        return services;
    }

    /// <summary>GET /review (the queue), /review/{id} (a plan), its forms and Word files; /review/open for signed links.</summary>
    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder endpoints)
    {
        // The Word templates' texts are loaded now, so broken content stops the start rather than a download.
        _ = endpoints.ServiceProvider.GetRequiredService<OppWordDocuments>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ReviewPageOptions>>().Value;
        ReviewEndpoints.Map(endpoints, signedLinks: !options.OpenIdConnect.Enabled);
        return endpoints;
    }
}

[JsonSerializable(typeof(ReviewLinkPayload))]
internal sealed partial class ReviewJson : JsonSerializerContext;
