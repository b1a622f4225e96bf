using AttachKit.Attacher.Inspection.Tasks;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>The compiler's generated names, as ClrMD spells them, made readable.</summary>
public class StateMachineNamesTests
{
    [Theory]
    [InlineData("MyApp.Controllers.ItemsController+<Get>d__3", "MyApp.Controllers.ItemsController.Get")]
    [InlineData("Chains+<Generic>d__7<System.String>", "Chains.Generic")]
    [InlineData("Outer+Nested+<Run>d__0", "Outer.Nested.Run")]
    [InlineData("Program+<>c__DisplayClass0_0+<<<Main>$>b__3>d", "Program.Main.lambda#3")]
    [InlineData("Program+<>c+<<Main>b__0_1>d", "Program.Main.lambda#0_1")]
    [InlineData("Chains+<>c__DisplayClass7_0+<<WithLocal>g__Local|0>d", "Chains.WithLocal.Local")]
    [InlineData("Chains+<<Run>g__Local|2_0>d__1", "Chains.Run.Local")]
    [InlineData("System.Collections.Generic.Dictionary<System.String, Foo+Bar>+<Load>d__4", "System.Collections.Generic.Dictionary<System.String, Foo+Bar>.Load")]
    [InlineData("HandWritten.StateMachine", "HandWritten.StateMachine")]
    public void AStateMachineTypeNamesItsMethod(string type, string method) => Assert.Equal(method, StateMachineNames.MethodOf(type));

    [Theory]
    [InlineData("Chains+<>c", "<RunSleep>b__10_0", "Chains.RunSleep.lambda#10_0")]
    [InlineData("Worker", "Execute", "Worker.Execute")]
    [InlineData(null, "<Main>$", "Main")]
    public void ADelegatesMethodIsNamedTheSameWay(string? type, string name, string method) => Assert.Equal(method, StateMachineNames.MethodOf(type, name));
}
