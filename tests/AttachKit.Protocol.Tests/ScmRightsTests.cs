using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using AttachKit.Protocol.Unix;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol.Tests;

public class ScmRightsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AReceivedPipeEndWritesIntoTheSendersPipe()
    {
        using var pair = await SocketPair.ConnectAsync();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        ScmRights.Send(pair.Sender.SafeHandle, "x"u8, [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()], Timeout);
        pipe.DisposeLocalCopyOfClientHandle();

        var received = new List<SafeFileHandle>();
        var read = await ScmRights.ReceiveAsync(pair.Receiver, new byte[16], received, CancellationToken.None);
        using (var writer = new FileStream(Assert.Single(received), FileAccess.Write, bufferSize: 0))
        {
            writer.Write("through the pipe\n"u8);
        }

        using var reader = new StreamReader(pipe, Encoding.UTF8);
        Assert.Equal(1, read);
        Assert.Equal("through the pipe", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task ReceivedDescriptorsAreCloseOnExecAndReferToTheSameFiles()
    {
        using var pair = await SocketPair.ConnectAsync();
        using var files = TestFiles.Create(3);
        ScmRights.Send(pair.Sender.SafeHandle, "abc"u8, files.Numbers.ToArray(), Timeout);

        var received = new List<SafeFileHandle>();
        await ScmRights.ReceiveAsync(pair.Receiver, new byte[16], received, CancellationToken.None);

        Assert.Equal(["0", "1", "2"], received.Select(TestFiles.ContentOf));
        Assert.All(received, handle => Assert.True(TestFiles.IsCloseOnExec(handle)));
        Assert.All(received, handle => Assert.DoesNotContain((int)handle.DangerousGetHandle(), files.Numbers));
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public async Task AReceiveStartedBeforeTheDataArrivesWaitsForIt()
    {
        using var pair = await SocketPair.ConnectAsync();
        using var files = TestFiles.Create(1);
        var received = new List<SafeFileHandle>();
        var receiving = ScmRights.ReceiveAsync(pair.Receiver, new byte[16], received, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(receiving.IsCompleted);

        ScmRights.Send(pair.Sender.SafeHandle, "late"u8, files.Numbers.ToArray(), Timeout);

        Assert.Equal(4, await receiving.WaitAsync(Timeout));
        Assert.Equal("0", TestFiles.ContentOf(Assert.Single(received)));
        received[0].Dispose();
    }

    [Fact]
    public async Task DescriptorsArriveWithTheBytesTheyWereAttachedTo()
    {
        using var pair = await SocketPair.ConnectAsync();
        using var files = TestFiles.Create(2);
        pair.Sender.Send("plain"u8);
        ScmRights.Send(pair.Sender.SafeHandle, "first"u8, [files.Numbers[0]], Timeout);
        ScmRights.Send(pair.Sender.SafeHandle, "second"u8, [files.Numbers[1]], Timeout);

        // Linux hands a batch to the read that takes its message's bytes, and ends that read there.
        var received = new List<SafeFileHandle>();
        var buffer = new byte[64];
        var reads = new List<(string Bytes, int Descriptors)>();
        var total = 0;
        while (total < "plainfirstsecond".Length)
        {
            var read = await ScmRights.ReceiveAsync(pair.Receiver, buffer, received, CancellationToken.None);
            total += read;
            reads.Add((Encoding.ASCII.GetString(buffer, 0, read), received.Count));
        }

        Assert.Equal([("plainfirst", 1), ("second", 2)], reads);
        Assert.Equal(["0", "1"], received.Select(TestFiles.ContentOf));
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public async Task MoreThanOneMessageCanCarryIsRefusedBeforeSending()
    {
        using var pair = await SocketPair.ConnectAsync();
        var tooMany = Enumerable.Repeat(0, DescriptorBatches.MaxPerMessage + 1).ToArray();

        Assert.Throws<ArgumentException>(() => ScmRights.Send(pair.Sender.SafeHandle, "x"u8, tooMany, Timeout));
        Assert.Throws<ArgumentException>(() => ScmRights.Send(pair.Sender.SafeHandle, [], [0], Timeout));
    }

    [Fact]
    public async Task TheKernelsLimitOfDescriptorsPerMessageFitsInOneSend()
    {
        using var pair = await SocketPair.ConnectAsync();
        var stdin = Enumerable.Repeat(0, DescriptorBatches.MaxPerMessage).ToArray();
        ScmRights.Send(pair.Sender.SafeHandle, "x"u8, stdin, Timeout);

        var received = new List<SafeFileHandle>();
        await ScmRights.ReceiveAsync(pair.Receiver, new byte[4], received, CancellationToken.None);

        Assert.Equal(DescriptorBatches.MaxPerMessage, received.Count);
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public async Task ADescriptorThatIsNotOpenFailsTheSend()
    {
        using var pair = await SocketPair.ConnectAsync();
        const int NeverOpened = 999_999; // above any open-file limit here: a closed file's number could be reused by a test running alongside

        Assert.Throws<ClosedDescriptorException>(() => ScmRights.Send(pair.Sender.SafeHandle, "x"u8, [NeverOpened], Timeout));
    }

    [Fact]
    public async Task APeerThatStopsReadingTimesTheSendOut()
    {
        using var pair = await SocketPair.ConnectAsync();
        var big = new byte[8 * 1024 * 1024];

        var failure = Assert.Throws<IOException>(() => ScmRights.Send(pair.Sender.SafeHandle, big, [0], TimeSpan.FromMilliseconds(200)));

        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderWithoutAControlBufferGetsTheBytesAndTheKernelClosesTheDescriptors()
    {
        using var pair = await SocketPair.ConnectAsync();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        ScmRights.Send(pair.Sender.SafeHandle, "bytes"u8, [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()], Timeout);
        pipe.DisposeLocalCopyOfClientHandle();

        var buffer = new byte[16];
        var read = await pair.Receiver.ReceiveAsync(buffer, SocketFlags.None);

        // The write end existed only in the message: once the kernel dropped it, the pipe has no writer.
        Assert.Equal("bytes", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(0, await pipe.ReadAsync(new byte[1]).AsTask().WaitAsync(Timeout));
    }
}
