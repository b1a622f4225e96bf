using AttachKit.Attacher;
using System.Globalization;
using AttachKit.Linux.Files;
using AttachKit.Linux.Processes;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>fd-export &lt;fd&gt; --read</c>: copies what a received descriptor holds to stdout, e.g. a log file the
/// target deleted but still has open. Through the descriptor itself, with the access the target opened it
/// with; never with this process's rights (root's, perhaps), which opening the file anew through
/// /proc/self/fd/&lt;n&gt; would use: a write-only file is opened anew only with the target's own uid and gid,
/// and only if its user may read it.
/// </summary>
internal static class DescriptorCopy
{
    private const int BufferBytes = 64 * 1024;

    public static async Task<int> ToAsync(ExportedDescriptor descriptor, int pid, Stream stdout, CancellationToken cancellationToken)
    {
        try
        {
            switch (descriptor.Kind)
            {
                case "file" or "block-device":
                    await CopyFileAsync(descriptor, pid, stdout, cancellationToken);
                    return ExitCodes.Success;
                case "pipe" or "fifo" or "char-device" or "tcp" or "unix" when !descriptor.Listening:
                    await CopyStreamAsync(descriptor, stdout, cancellationToken);
                    return ExitCodes.Success;
                default:
                    throw new ClientFailureException(ExitCodes.Usage, $"fd {descriptor.TargetFd} is a {(descriptor.Listening ? "listening " : "")}{descriptor.Kind}; --read copies files, pipes and connected sockets");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientFailureException(ExitCodes.CommandFailed, $"could not read fd {descriptor.TargetFd}: {e.Message}", e);
        }
    }

    // The received descriptor shares its offset with the target: pread(2) from the start leaves it where
    // the target has it. A log is often open for writing only: then the file is opened anew for reading
    // with the target's own rights, if its user may read it at all.
    private static async Task CopyFileAsync(ExportedDescriptor descriptor, int pid, Stream stdout, CancellationToken cancellationToken)
    {
        using var readable = Descriptors.AccessOf(descriptor.Handle) == DescriptorAccess.Write ? ReopenAsTarget(descriptor, pid) : null;
        var source = readable ?? descriptor.Handle;
        var buffer = new byte[BufferBytes];
        long offset = 0;
        int read;
        while ((read = Descriptors.ReadAt(source, buffer, offset)) > 0)
        {
            await stdout.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            offset += read;
        }

        await stdout.FlushAsync(cancellationToken);
    }

    private static SafeFileHandle ReopenAsTarget(ExportedDescriptor descriptor, int pid)
    {
        var target = ProcStatus.Read(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}"), pid);
        var (uid, gid) = ((uint)target.Uid, (uint)target.Gid);
        if (!FileStatus.OfHandle(descriptor.Handle).AllowsReading(uid, gid, target.Groups))
        {
            throw new ClientFailureException(
                ExitCodes.CommandFailed,
                $"fd {descriptor.TargetFd} of process {pid} is open for writing only, and its user (uid {uid}) may not read the file: there is nothing to read through it");
        }

        return Descriptors.ReopenForReadingAs(descriptor.Handle, uid, gid);
    }

    // Pipes and sockets have no offset: what is read here is taken from the target, and the copy
    // ends when every writer has closed its end.
    private static async Task CopyStreamAsync(ExportedDescriptor descriptor, Stream stdout, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(descriptor.Handle, FileAccess.Read, bufferSize: 0);
        await source.CopyToAsync(stdout, BufferBytes, cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}
