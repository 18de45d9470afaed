using OppAssistant.BotFramework;
using OppAssistant.Core;
using OppAssistant.Drafting.AI;
using OppAssistant.Knowledge;
using OppAssistant.Storage;
using OppAssistant.Web;
using OppAssistant.Web.Review;

// `dotnet run --project src/OppAssistant.Web -- teams-package …` writes the Teams app zip and exits.
if (TeamsPackageCommand.IsRequested(args))
{
    return await TeamsPackageCommand.RunAsync(args, Console.Out, Console.Error);
}

// `dotnet run --project src/OppAssistant.Web -- knowledge-accuracy …` measures the knowledge search and exits.
if (KnowledgeAccuracyCommand.IsRequested(args))
{
    return KnowledgeAccuracyCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// Structured logs that never hold message text, names or tokens.
builder.AddOperationalLogging();

// The conversation: dialogs/, the session flow and the one turn pipeline.
builder.Services.AddConversation().BindConfiguration(ContentOptions.SectionName);

// The parents' knowledge cards and their search, for the anonymous Q&A (Content:KnowledgeDirectory, checked on start).
builder.Services.AddParentKnowledge();

// Conversation state and the Direct Line activity log: SQLite by default, PostgreSQL when configured.
builder.Services.AddStorage(builder.Configuration);

// The evaluation reminder: adopted plans whose evaluation date has come, every Evaluation:CheckInterval.
builder.Services.AddEvaluationReminders(builder.Configuration);

// Optional AI drafting help (off unless AiDrafting:Enabled): names replaced by placeholders before anything is sent.
builder.Services.AddAiDrafting(builder.Configuration);

// The channels: /api/messages for Azure Bot Service (Teams) and the self-hosted Direct Line for Web Chat.
builder.Services.AddBotFrameworkAdapter(builder.Configuration);

// The coordinator's review page at /review: signed links from the chat or Entra ID sign-in, and the Word downloads.
builder.Services.AddReviewPage(builder.Configuration);

// Plain-HTTP errors as problem details; /healthz for the load balancer.
builder.Services.AddProblemDetails();
builder.Services.AddOperationalHealthChecks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBotFrameworkAdapter();

app.MapWebChatPage();
app.MapReviewPage();
app.MapBotFrameworkAdapter();
app.MapHealthChecks("/healthz");

app.LogStartupSummary();
await app.RunAsync();
return 0;

// WebApplicationFactory<Program> in the tests needs a public Program type; top-level statements make it internal.
public partial class Program;
