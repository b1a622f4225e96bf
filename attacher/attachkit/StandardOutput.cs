using System.Runtime.InteropServices;
using AttachKit.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Cli;

/// <summary>
/// attachkit's standard output: write(2) to descriptor 1 on the calling thread, for async writes too.
/// Not <see cref="Console.OpenStandardOutput()"/>: its async writes go through the thread pool (two
/// threads started), and its first write sets up terminal and signal handling (a third), where an
/// attach otherwise starts no thread. As Console's stream does, a write to a reader that went away
/// (EPIPE: <c>attachkit … | head</c>) is dropped without an error, and a non-blocking descriptor is
/// waited on until it takes the bytes.
/// </summary>
internal sealed class StandardOutput : WriteOnlyStream
{
    // Descriptor 1, not owned: closing this stream leaves it open.
    private static readonly SafeFileHandle Descriptor = new(1, ownsHandle: false);

    private StandardOutput()
    {
    }

    /// <summary>A stream over standard output; disposing it leaves the descriptor open.</summary>
    public static Stream Open() => new StandardOutput();

    public override void Write(ReadOnlySpan<byte> buffer) => Descriptors.WriteAll(Descriptor, buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
