using OppAssistant.BotFramework.Connector;

namespace OppAssistant.BotFramework.Tests;

public sealed class BotConnectorOptionsTests
{
    private const string Guid1 = "11111111-2222-3333-4444-555555555555";

    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData(Guid1, "secret", null, null, null)]
    [InlineData(Guid1, "secret", "SingleTenant", Guid1, null)]
    [InlineData(Guid1, "secret", "UserAssignedMSI", null, "MicrosoftAppType 'UserAssignedMSI' is not supported yet")]
    [InlineData("my-bot", "secret", null, null, "MicrosoftAppId must be a GUID")]
    [InlineData(Guid1, "", null, null, "MicrosoftAppPassword (the client secret) is required")]
    [InlineData(Guid1, "secret", "SingleTenant", null, "MicrosoftAppTenantId must be the GUID")]
    [InlineData(null, "secret", null, null, "MicrosoftAppPassword is set but MicrosoftAppId is empty")]
    public void App_settings_are_validated_with_the_key_named(string? appId, string? password, string? type, string? tenant, string? expectedFailure)
    {
        var options = new BotAppOptions { MicrosoftAppId = appId, MicrosoftAppPassword = password, MicrosoftAppTenantId = tenant };
        if (type is not null)
        {
            options.MicrosoftAppType = type;
        }

        var result = new BotAppOptionsValidator().Validate(null, options);

        if (expectedFailure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(expectedFailure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_are_valid_and_http_metadata_needs_the_test_switch()
    {
        var validator = new BotConnectorOptionsValidator();

        Assert.True(validator.Validate(null, new BotConnectorOptions()).Succeeded);
        var http = validator.Validate(null, new BotConnectorOptions { OpenIdMetadataUrl = "http://127.0.0.1:5000/openid" });
        Assert.Contains("BotFramework:OpenIdMetadataUrl must use https", http.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new BotConnectorOptions { OpenIdMetadataUrl = "http://127.0.0.1:5000/openid", RequireHttpsMetadata = false }).Succeeded);
        Assert.Contains("BotFramework:AllowedTenantIds", validator.Validate(null, new BotConnectorOptions { AllowedTenantIds = ["contoso"] }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("BotFramework:MaxRequestBodyBytes", validator.Validate(null, new BotConnectorOptions { MaxRequestBodyBytes = 0 }).FailureMessage, StringComparison.Ordinal);
    }
}
