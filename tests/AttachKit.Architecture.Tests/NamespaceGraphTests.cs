namespace AttachKit.Architecture.Tests;

/// <summary>The reader and the cycle finder on this assembly's own fixtures (Fixtures/), whose uses are known.</summary>
public class NamespaceGraphTests
{
    private const string Fixtures = "AttachKit.Architecture.Tests.Fixtures";

    private static readonly NamespaceGraph Graph = NamespaceGraph.Read(typeof(NamespaceGraphTests).Assembly.Location);

    [Theory]
    [InlineData("ByCatch", "Caught")]
    [InlineData("ByTypeof", "Named")]
    [InlineData("ByIsinst", "Tested")]
    [InlineData("ByCastclass", "Cast")]
    [InlineData("ByCall", "Called")]
    [InlineData("ByStaticField", "Fielded")]
    [InlineData("ByNewobj", "Made")]
    [InlineData("ByBox", "Boxed")]
    [InlineData("ByGenericArgument", "Argument")]
    [InlineData("ByLambda", "InLambda")]
    [InlineData("ByStateMachine", "InStateMachine")]
    [InlineData("ByFieldType", "InField")]
    [InlineData("ByParameter", "InParameter")]
    [InlineData("ByBaseType", "Base")]
    [InlineData("ByInterface", "IImplemented")]
    [InlineData("ByAttribute", "MarkingAttribute")]
    [InlineData("ByConstraint`1", "IConstraint")]
    public void TheReaderSeesAUseMadeInOneWayOnly(string user, string used)
        => Assert.Contains($"{Fixtures}.Uses.{user} uses {Fixtures}.Used.{used}", Graph.Uses[$"{Fixtures}.Uses"][$"{Fixtures}.Used"]);

    [Fact]
    public void SiblingsThatUseOneAnotherAreACycleAndANamespaceWithOneNestedInItIsNot()
    {
        var cycles = Graph.Cycles();

        Assert.Equal(
            [
                new[] { $"{Fixtures}.Cycle.Left", $"{Fixtures}.Cycle.Right" },
                [$"{Fixtures}.Deep.A", $"{Fixtures}.Deep.B"],
            ],
            cycles.Select(cycle => cycle.Namespaces.ToArray()));
        Assert.Equal(
            [
                ($"{Fixtures}.Deep.A", $"{Fixtures}.Deep.B", $"{Fixtures}.Deep.A.AUser uses {Fixtures}.Deep.B.Inner.InnerThing"),
                ($"{Fixtures}.Deep.B", $"{Fixtures}.Deep.A", $"{Fixtures}.Deep.B.BUser uses {Fixtures}.Deep.A.AThing"),
            ],
            cycles[1].Uses.Select(use => (use.From, use.To, Assert.Single(use.Why))));
    }
}
