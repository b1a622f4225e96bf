using System.Globalization;
using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>fd-export &lt;fd&gt; --read</c>: copies what a received descriptor holds to stdout, e.g. a log file the
/// target deleted but still has open.
/// </summary>
internal static class DescriptorCopy
{
    private const int BufferBytes = 64 * 1024;

    public static async Task<int> ToAsync(ExportedDescriptor descriptor, Stream stdout, CancellationToken cancellationToken)
    {
        try
        {
            switch (descriptor.Kind)
            {
                case "file" or "block-device":
                    await CopyFileAsync(descriptor, stdout, cancellationToken);
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

    // The received descriptor shares its offset with the target, and a log is often open write-only.
    // Opening /proc/self/fd/<n> opens the same file (deleted or not) anew, for reading, with an offset
    // of its own (proc(5)); the file's permissions still apply.
    private static async Task CopyFileAsync(ExportedDescriptor descriptor, Stream stdout, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{descriptor.Handle.DangerousGetHandle()}");
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        await source.CopyToAsync(stdout, BufferBytes, cancellationToken);
        await stdout.FlushAsync(cancellationToken);
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
