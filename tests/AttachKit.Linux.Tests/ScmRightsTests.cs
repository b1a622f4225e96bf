using System.IO.Pipes;
using System.Text;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Tests;

public class ScmRightsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AReceivedPipeEndWritesIntoTheSendersPipe()
    {
        using var pair = SocketPair.Connect();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        ScmRights.Send(pair.Sender.Handle, "x"u8, [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()], Timeout);
        pipe.DisposeLocalCopyOfClientHandle();

        var received = new List<SafeFileHandle>();
        var read = await pair.ReceiveAsync(new byte[16], received);
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
        using var pair = SocketPair.Connect();
        using var files = TestFiles.Create(3);
        ScmRights.Send(pair.Sender.Handle, "abc"u8, files.Numbers.ToArray(), Timeout);

        var received = new List<SafeFileHandle>();
        await pair.ReceiveAsync(new byte[16], received);

        Assert.Equal(["0", "1", "2"], received.Select(TestFiles.ContentOf));
        Assert.All(received, handle => Assert.True(TestFiles.IsCloseOnExec(handle)));
        Assert.All(received, handle => Assert.DoesNotContain((int)handle.DangerousGetHandle(), files.Numbers));
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public async Task AReceiveStartedBeforeTheDataArrivesWaitsForIt()
    {
        using var pair = SocketPair.Connect();
        using var files = TestFiles.Create(1);
        var received = new List<SafeFileHandle>();
        var receiving = pair.ReceiveAsync(new byte[16], received);
        await Task.Delay(100);
        Assert.False(receiving.IsCompleted);

        ScmRights.Send(pair.Sender.Handle, "late"u8, files.Numbers.ToArray(), Timeout);

        Assert.Equal(4, await receiving.WaitAsync(Timeout));
        Assert.Equal("0", TestFiles.ContentOf(Assert.Single(received)));
        received[0].Dispose();
    }

    [Fact]
    public async Task DescriptorsArriveWithTheBytesTheyWereAttachedTo()
    {
        using var pair = SocketPair.Connect();
        using var files = TestFiles.Create(2);
        ScmRights.Send(pair.Sender.Handle, "plain"u8, [], Timeout);
        ScmRights.Send(pair.Sender.Handle, "first"u8, [files.Numbers[0]], Timeout);
        ScmRights.Send(pair.Sender.Handle, "second"u8, [files.Numbers[1]], Timeout);

        // Linux hands a batch to the read that takes its message's bytes, and ends that read there.
        var received = new List<SafeFileHandle>();
        var buffer = new byte[64];
        var reads = new List<(string Bytes, int Descriptors)>();
        var total = 0;
        while (total < "plainfirstsecond".Length)
        {
            var read = await pair.ReceiveAsync(buffer, received);
            total += read;
            reads.Add((Encoding.ASCII.GetString(buffer, 0, read), received.Count));
        }

        Assert.Equal([("plainfirst", 1), ("second", 2)], reads);
        Assert.Equal(["0", "1"], received.Select(TestFiles.ContentOf));
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public void MoreThanOneMessageCanCarryIsRefusedBeforeSending()
    {
        using var pair = SocketPair.Connect();
        var tooMany = Enumerable.Repeat(0, DescriptorBatches.MaxPerMessage + 1).ToArray();

        Assert.Throws<ArgumentException>(() => ScmRights.Send(pair.Sender.Handle, "x"u8, tooMany, Timeout));
        Assert.Throws<ArgumentException>(() => ScmRights.Send(pair.Sender.Handle, [], [0], Timeout));
    }

    [Fact]
    public async Task TheKernelsLimitOfDescriptorsPerMessageFitsInOneSend()
    {
        using var pair = SocketPair.Connect();
        var stdin = Enumerable.Repeat(0, DescriptorBatches.MaxPerMessage).ToArray();
        ScmRights.Send(pair.Sender.Handle, "x"u8, stdin, Timeout);

        var received = new List<SafeFileHandle>();
        await pair.ReceiveAsync(new byte[4], received);

        Assert.Equal(DescriptorBatches.MaxPerMessage, received.Count);
        received.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public void ADescriptorThatIsNotOpenFailsTheSend()
    {
        using var pair = SocketPair.Connect();
        const int NeverOpened = 999_999; // above any open-file limit here: a closed file's number could be reused by a test running alongside

        Assert.Throws<ClosedDescriptorException>(() => ScmRights.Send(pair.Sender.Handle, "x"u8, [NeverOpened], Timeout));
    }

    [Fact]
    public void APeerThatStopsReadingTimesTheSendOut()
    {
        using var pair = SocketPair.Connect();
        var big = new byte[8 * 1024 * 1024];

        var failure = Assert.Throws<IOException>(() => ScmRights.Send(pair.Sender.Handle, big, [0], TimeSpan.FromMilliseconds(200)));

        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderWithoutAControlBufferGetsTheBytesAndTheKernelClosesTheDescriptors()
    {
        using var pair = SocketPair.Connect();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        ScmRights.Send(pair.Sender.Handle, "bytes"u8, [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()], Timeout);
        pipe.DisposeLocalCopyOfClientHandle();

        var buffer = new byte[16];
        var read = pair.Receiver.Receive(buffer, Timeout);

        // The write end existed only in the message: once the kernel dropped it, the pipe has no writer.
        Assert.Equal("bytes", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(0, await pipe.ReadAsync(new byte[1]).AsTask().WaitAsync(Timeout));
    }
}
