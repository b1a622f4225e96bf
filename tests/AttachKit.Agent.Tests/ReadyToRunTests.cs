using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests;

public class ReadyToRunTests
{
    // agent/Directory.Build.targets compiles the agent ahead of time for linux-x64: a target's first
    // attach runs this code, and would otherwise JIT-compile ≈ 400 methods of it first.
    [Theory]
    [InlineData(typeof(AttachAgent))]
    [InlineData(typeof(ReplyWriter))]
    public void TheAgentsAssembliesCarryReadyToRunCodeBesideTheirIl(Type type)
    {
        if (RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return; // the build compiles ReadyToRun code for linux-x64 only
        }

        using var reader = new PEReader(File.OpenRead(type.Assembly.Location));
        var cli = reader.PEHeaders.CorHeader;
        Assert.NotNull(cli);
        Assert.True(cli.ManagedNativeHeaderDirectory.Size > 0, $"{type.Assembly.GetName().Name} has no ReadyToRun header");
        Assert.True(cli.MetadataDirectory.Size > 0);
    }
}
