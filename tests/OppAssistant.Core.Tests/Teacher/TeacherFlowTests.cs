using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;

namespace OppAssistant.Core.Tests.Teacher;

public sealed class TeacherFlowTests
{
    [Fact]
    public async Task A_teacher_completes_a_plan_from_start_to_summary()
    {
        var chat = new TeacherConversation();
        await chat.StartAsync();
        Assert.Contains(TeacherConversation.Teacher.Question("pupil_name").Ask, chat.LastText, StringComparison.Ordinal);

        await chat.SayAsync("Noor");
        await chat.SayAsync("basisschool");
        await chat.SayAsync("groep 6");
        await chat.SayAsync("Noor krijgt extra begeleiding bij rekenen.");
        Assert.Contains(TeacherConversation.Teacher.Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");
        Assert.Contains(TeacherConversation.Teacher.PhaseOf(OppAssistant.Core.Content.TeacherPhase.Overview).Intro, chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("Noor tekent graag en goed.");
        await chat.SayAsync("ja");
        await chat.SayAsync("Noor helpt klasgenoten graag.");
        await chat.SayAsync("nee");
        await chat.SayAsync("Noor raakt de draad kwijt bij lange instructies.");
        await chat.SayAsync("nee");
        await chat.SayAsync("Ze zit naast een rustige klasgenoot.");
        await chat.SayAsync("nee");
        await chat.SayAsync("sla over");
        await chat.SayAsync("Haar zus leest met haar.");
        await chat.SayAsync("nee");
        await chat.SayAsync("Thuis is weinig rust.");
        await chat.SayAsync("nee");
        await chat.SayAsync("ja");
        Console.WriteLine(chat.LastText);
        await chat.SayAsync("Lange instructies en weinig slaap maken concentreren moeilijk.");
        await chat.SayAsync("sla over");
        await chat.SayAsync("ja");
        await chat.SayAsync("vmbo-t/havo");
        await chat.SayAsync("regulier");
        await chat.SayAsync("Noor is gemotiveerd en krijgt steun thuis.");
        await chat.SayAsync("leren");
        await chat.SayAsync("Noor rekent sommen tot 100 vlot.");
        await chat.SayAsync("8 van de 10 sommen goed in de toets.");
        await chat.SayAsync("Elke twee weken een korte toets.");
        await chat.SayAsync("15-03-2027");
        await chat.SayAsync("nee");
        await chat.SayAsync("Extra rekeninstructie vier keer per week.");
        await chat.SayAsync("de leerkracht");
        await chat.SayAsync("geeft verlengde instructie");
        await chat.SayAsync("elke ochtend");
        await chat.SayAsync("aan de instructietafel");
        await chat.SayAsync("nee");
        await chat.SayAsync("1-7-2027");
        await chat.SayAsync("nee");
        Assert.Contains(TeacherConversation.Teacher.Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("klopt");
        Console.WriteLine(chat.LastText);

        var plan = await chat.PlanAsync();
        Assert.Equal("Noor", plan.Pupil.Name);
        Assert.Equal(SchoolType.Po, plan.Pupil.SchoolType);
        Assert.Equal(6, plan.Factors.Count);
        Assert.Equal(["vmbo_gl_tl", "havo"], plan.Perspective.Levels);
        Assert.True(Assert.Single(plan.Goals).IsComplete);
        Assert.Equal(DraftStep.Finished, plan.Draft.Frontier!.Step);
        Assert.Equal(TeacherStep.Finished, (await chat.StateAsync()).Teacher!.Step);
    }
}
