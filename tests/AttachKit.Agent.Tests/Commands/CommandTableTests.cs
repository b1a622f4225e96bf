using AttachKit.Agent.Commands;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Commands;

public class CommandTableTests
{
    // Clients (completion, the CLI's client-side commands) know the built-in commands from the
    // protocol's list without attaching: the agent must serve exactly those, in that order.
    [Fact]
    public void TheBuiltInTableServesTheProtocolsListOfBuiltInCommandsInItsOrder()
        => Assert.Equal(BuiltInCommands.All, CommandTable.BuiltIn().Names);
}
