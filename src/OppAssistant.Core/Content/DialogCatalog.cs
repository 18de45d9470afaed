namespace OppAssistant.Core.Content;

/// <summary>
/// Everything the bot says, loaded from <c>dialogs/*.yaml</c> once at start. Loading validates the files and
/// fails with the file and line of the first problem, so broken content stops the service before a user sees it.
/// </summary>
public sealed class DialogCatalog
{
    private DialogCatalog(CommonDialog common, ChannelTexts channels)
    {
        Common = common;
        Channels = channels;
    }

    public CommonDialog Common { get; }

    public ChannelTexts Channels { get; }

    public static DialogCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ContentException($"The dialogs folder '{directory}' does not exist. Set Content:DialogsDirectory.");
        }
        YamlFile Read(string name) => YamlFile.Load(Path.Combine(directory, name), $"dialogs/{name}");
        return new DialogCatalog(CommonDialog.Read(Read("common.yaml")), ChannelTexts.Read(Read("channels.yaml")));
    }
}
