using System.Text.Json;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Conversation;

/// <summary>Turn by turn through the session flow, with the real dialogs/ and the exact texts they hold.</summary>
public sealed class SessionFlowTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly CommonDialog Common = Dialogs.Common;
    private static readonly ConversationKey Key = new("test", "conversation-1");

    private readonly ConversationState state = new();

    [Fact]
    public void Opening_the_conversation_greets_and_asks_the_role_with_a_button_per_role()
    {
        var replies = Start();

        Assert.Equal(SessionStage.ChoosingRole, state.Stage);
        Assert.Equal(Common.Text("welcome"), replies[0].Text);
        var card = Assert.IsType<JsonElement>(replies[1].AdaptiveCard);
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        Assert.Equal(Common.Text("ask_role"), card.GetProperty("body")[0].GetProperty("text").GetString());
        var buttons = card.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(Common.Roles.Select(r => r.Label), buttons.Select(b => b.GetProperty("title").GetString()));
        Assert.All(buttons, b => Assert.Equal("Action.Submit", b.GetProperty("type").GetString()));
    }

    [Fact]
    public void A_second_opening_does_not_greet_again()
    {
        Start();

        Assert.Empty(Start());
        Assert.Equal(SessionStage.ChoosingRole, state.Stage);
    }

    [Theory]
    [InlineData("leraar", Role.Teacher)]
    [InlineData("Ik ben de juf van groep 5", Role.Teacher)]
    [InlineData("LEERKRACHT!", Role.Teacher)]
    [InlineData("ouder", Role.Parent)]
    [InlineData("ik ben de moeder", Role.Parent)]
    [InlineData("Leerling", Role.Pupil)]
    [InlineData("IB'er", Role.Coordinator)]
    [InlineData("zorgcoördinator", Role.Coordinator)]
    [InlineData("Leraar of mentor", Role.Teacher)]
    public void A_typed_role_is_recognised_and_introduced(string typed, Role expected)
    {
        Start();

        var replies = Say(typed);

        Assert.Equal(SessionStage.InRole, state.Stage);
        Assert.Equal(expected, state.Role);
        Assert.Equal(Common.For(expected).Intro, Assert.Single(replies).Text);
    }

    [Theory]
    [InlineData("ik ben ouder en ook leraar")]
    [InlineData("banaan")]
    [InlineData("")]
    public void An_unclear_answer_is_asked_again_with_a_hint(string typed)
    {
        Start();

        var replies = Say(typed);

        Assert.Equal(SessionStage.ChoosingRole, state.Stage);
        Assert.Null(state.Role);
        Assert.Equal(Common.Text("role_not_understood"), replies[0].Text);
        Assert.NotNull(replies[1].AdaptiveCard);
    }

    [Fact]
    public void Pressing_a_role_button_chooses_that_role()
    {
        Start();

        var replies = Press(Role.Parent);

        Assert.Equal(Role.Parent, state.Role);
        Assert.Equal(Common.For(Role.Parent).Intro, Assert.Single(replies).Text);
    }

    [Fact]
    public void A_button_of_an_unknown_role_is_not_understood()
    {
        Start();

        var replies = Handle(new TurnInput(Key, "user", InputKind.CardAction, Value: Json("""{"action":"chooseRole","role":"admin"}""")));

        Assert.Null(state.Role);
        Assert.Equal(Common.Text("role_not_understood"), replies[0].Text);
    }

    [Fact]
    public void A_first_message_without_an_opening_gets_the_welcome()
    {
        var replies = Say("hallo");

        Assert.Equal(SessionStage.ChoosingRole, state.Stage);
        Assert.Equal(Common.Text("welcome"), replies[0].Text);
        Assert.NotNull(replies[1].AdaptiveCard);
    }

    [Fact]
    public void A_first_message_that_names_the_role_skips_the_question()
    {
        var replies = Say("ik ben juf");

        Assert.Equal(Role.Teacher, state.Role);
        Assert.Equal([Common.Text("welcome"), Common.For(Role.Teacher).Intro], replies.Select(r => r.Text));
    }

    [Fact]
    public void Help_explains_the_current_step()
    {
        Start();
        var whileChoosing = Say("help");
        Say("ouder");
        var inRole = Say("Help");

        Assert.Equal(Common.Text("role_help"), whileChoosing[0].Text);
        Assert.NotNull(whileChoosing[1].AdaptiveCard);
        Assert.Equal(Common.Text("in_role_help"), Assert.Single(inRole).Text);
        Assert.Equal(Role.Parent, state.Role);
    }

    [Fact]
    public void Another_role_can_be_chosen_later_by_text_or_by_an_earlier_button()
    {
        Start();
        Say("leerling");

        var switching = Say("andere rol");
        Assert.Equal(SessionStage.ChoosingRole, state.Stage);
        Assert.Equal(Common.Text("switch_role"), switching[0].Text);
        Assert.NotNull(switching[1].AdaptiveCard);

        Say("leraar");
        var pressed = Press(Role.Coordinator);
        Assert.Equal(Role.Coordinator, state.Role);
        Assert.Equal(Common.For(Role.Coordinator).Intro, Assert.Single(pressed).Text);
    }

    [Fact]
    public void In_a_role_a_typed_role_name_is_not_taken_as_a_switch()
    {
        Start();
        Say("ib'er");

        var replies = Say("leerling");

        Assert.Equal(Role.Coordinator, state.Role);
        Assert.Equal(Common.For(Role.Coordinator).NotYet, Assert.Single(replies).Text);
    }

    [Fact]
    public void Every_message_gets_an_answer()
    {
        var inputs = new[] { "hallo", "?", "andere rol", "xyz", "ouder", "andere rol", "andere rol", "help", "leerling", "wat nu" };
        foreach (var text in inputs)
        {
            Assert.NotEmpty(Say(text));
        }
    }

    private IReadOnlyList<BotReply> Start() => Handle(new TurnInput(Key, "user", InputKind.ConversationStarted));

    private IReadOnlyList<BotReply> Say(string text) => Handle(new TurnInput(Key, "user", InputKind.Message, text));

    private IReadOnlyList<BotReply> Press(Role role) => Handle(new TurnInput(
        Key, "user", InputKind.CardAction, Value: Json($$"""{"action":"chooseRole","role":"{{SessionFlow.RoleId(role)}}"}""")));

    private IReadOnlyList<BotReply> Handle(TurnInput input)
    {
        var flow = new SessionFlow(state, Common);
        if (input.Kind == InputKind.ConversationStarted)
        {
            flow.Start();
        }
        else
        {
            flow.Receive(input);
        }
        return flow.Replies;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
