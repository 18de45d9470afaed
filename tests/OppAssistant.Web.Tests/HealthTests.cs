using System.Net;

namespace OppAssistant.Web.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_answers_healthy_when_storage_is_reachable()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
