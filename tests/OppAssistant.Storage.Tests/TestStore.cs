using OppAssistant.Core.Storage;

namespace OppAssistant.Storage.Tests;

/// <summary>One opened store under test, whatever the provider; disposing it closes it like an app shutdown.</summary>
public sealed class TestStore(IDocumentStore documents, IActivityLog log, IStorageProbe probe, Func<ValueTask> close) : IAsyncDisposable
{
    public static TestStore Of<T>(T store, Func<ValueTask> close)
        where T : IDocumentStore, IActivityLog, IStorageProbe => new(store, store, store, close);

    public IDocumentStore Documents { get; } = documents;

    public IActivityLog Log { get; } = log;

    public IStorageProbe Probe { get; } = probe;

    public ValueTask DisposeAsync() => close();
}

internal static class RepositoryPaths
{
    /// <summary>The folder holding OppAssistant.sln, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OppAssistant.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException($"No OppAssistant.sln above {AppContext.BaseDirectory}.");
        }
    }
}
