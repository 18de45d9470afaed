using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// The app on a real loopback port (Kestrel, a free port), because the browser needs a socket, with its own SQLite
/// folder. Kestrel inside WebApplicationFactory (.NET 10) keeps it in-process, so no child process to clean up.
/// </summary>
public sealed class BrowserHost : WebApplicationFactory<Program>
{
    public BrowserHost()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "oppassistant-browser-tests", Guid.NewGuid().ToString("n"));
        // A port chosen before the start, so the review page's links (ReviewPage:PublicBaseUrl) can name it.
        port = FreePort();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    private readonly int port;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public BrowserHost Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("ReviewPage:PublicBaseUrl", $"http://127.0.0.1:{port}");
        // A test types faster than a person: a whole OPP posts more than the product's 60 messages a minute, and every
        // page of the shared host asks for its token from the same loopback address. Raised here only, not in the defaults.
        builder.UseSetting("DirectLine:ActivitiesPerMinute", "1000");
        builder.UseSetting("DirectLine:TokenRequestsPerMinute", "1000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
