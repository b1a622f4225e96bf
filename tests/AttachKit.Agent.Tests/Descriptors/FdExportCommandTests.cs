using System.Globalization;
using System.Text;
using AttachKit.Attacher;
using AttachKit.Cli;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Descriptors;

[Trait("Category", "Cli")]
public class FdExportCommandTests(HeldDescriptorsTarget held) : IClassFixture<HeldDescriptorsTarget>
{
    [Fact]
    public async Task AnExportedFileReadsTheSameBytes()
    {
        using var export = await new AttachClient().ExportDescriptorsAsync(held.Target.Pid, [held.Fd("file")]);

        var file = Assert.Single(export.Descriptors);
        var buffer = new byte[64];
        var read = RandomAccess.Read(file.Handle, buffer, 0);
        Assert.Equal("held file content\n", Encoding.UTF8.GetString(buffer, 0, read));
        Assert.Equal((held.Fd("file"), "file", held.Fact("file-path")), (file.TargetFd, file.Kind, file.Path));
    }

    [Fact]
    public async Task WhatIsWrittenToAnExportedPipeEndIsReadByTheTarget()
    {
        using (var export = await new AttachClient().ExportDescriptorsAsync(held.Target.Pid, [held.Fd("pipe-write")]))
        await using (var pipe = new FileStream(Assert.Single(export.Descriptors).Handle, FileAccess.Write, bufferSize: 0))
        {
            await pipe.WriteAsync("hello from the attacher\n"u8.ToArray());
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!held.Target.Output.Contains("pipe: hello from the attacher", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains("pipe: hello from the attacher", held.Target.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedFileTheTargetStillHoldsIsRecoveredWithRead()
    {
        var result = await CliProcess.RunAsync(held.Pid, "fd-export", held.Fact("deleted"), "--read");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("recover me\nline two\n", result.Stdout);
    }

    [Fact]
    public async Task ListenersAreTheAppsListeningSocketsOnly()
    {
        using var export = await new AttachClient().ExportListenersAsync(held.Target.Pid);

        var listener = Assert.Single(export.Descriptors);
        Assert.Equal((held.Fd("listener"), "tcp", $"127.0.0.1:{held.Fact("port")}", true), (listener.TargetFd, listener.Kind, listener.Local, listener.Listening));
    }

    [Fact]
    public async Task ANumberThatIsNotOpenGetsAnErrorAndTheTargetKeepsRunning()
    {
        var result = await CliProcess.RunAsync(held.Pid, "fd-export", "99999");
        var after = await CliProcess.RunAsync(held.Pid, "version");

        Assert.Equal(ExitCodes.CommandFailed, result.ExitCode);
        Assert.Contains("fd 99999 is not open", result.Stderr, StringComparison.Ordinal);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.False(held.Target.HasExited);
    }

    [Fact]
    public async Task TheAgentsOwnDescriptorsAreRefused()
    {
        var own = (await held.ListAsync()).Single(row => row.Value.GetProperty("role").GetString() == "agent: attach listener").Key;

        var failure = await Assert.ThrowsAsync<CommandFailedException>(() => new AttachClient().ExportDescriptorsAsync(held.Target.Pid, [own]));

        Assert.Equal(StatusCode.InvalidArguments, failure.Status.Code);
        Assert.Contains("agent's own attach listener", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutExecOrReadTheCliPrintsWhatWasExported()
    {
        var result = await CliProcess.RunAsync(held.Pid, "fd-export", held.Fact("listener"), held.Fact("file"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches($@"^0\s+{held.Fact("listener")}  tcp .*127\.0\.0\.1:{held.Fact("port")} LISTEN$", lines[1]);
        Assert.Matches($@"^1\s+{held.Fact("file")}  file .*{held.Fact("file-path")}$", lines[2]);
        Assert.Contains("not kept", result.Stderr, StringComparison.Ordinal);
    }
}

[Trait("Category", "Cli")]
public class FdExportManyTests
{
    [Fact]
    public async Task AThousandDescriptorsArriveCompleteAndInOrder()
    {
        using var target = await TargetApp.StartAsync("many-fds", "1000");
        var numbers = DescriptorNumbers.Parse(target.Facts("many-fds")["fds"]);

        using var export = await new AttachClient().ExportDescriptorsAsync(target.Pid, numbers);

        Assert.Equal(numbers, export.Descriptors.Select(descriptor => descriptor.TargetFd));
        var buffer = new byte[16];
        var contents = export.Descriptors.Select(descriptor => Encoding.ASCII.GetString(buffer, 0, RandomAccess.Read(descriptor.Handle, buffer, 0)));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)), contents);
    }

    [Fact]
    public async Task AppsCanDisableIt()
    {
        using var target = await TargetApp.StartAsync("agent", "disable=fd-export");

        var result = await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "fd-export", "0");

        Assert.Equal(ExitCodes.CommandFailed, result.ExitCode);
        Assert.Contains("command 'fd-export' is disabled", result.Stderr, StringComparison.Ordinal);
    }
}
