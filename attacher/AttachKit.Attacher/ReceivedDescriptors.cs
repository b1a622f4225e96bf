using AttachKit.Linux.Files;
using AttachKit.Linux.Sockets;

namespace AttachKit.Attacher;

/// <summary>
/// Checks that a descriptor a target sent is what it said: an open file or socket, not an O_PATH
/// reference (which, reopened with this process's rights, would reach what the target itself may not),
/// of the kind its description names, and listening when it says so. A descriptor that is not is
/// refused with the whole reply.
/// </summary>
internal static class ReceivedDescriptors
{
    /// <exception cref="BrokenReplyException">It is not what the target said.</exception>
    public static void Verify(ExportedDescriptor descriptor, int pid, bool mustListen)
    {
        var described = $"fd {descriptor.TargetFd} of process {pid} (described as {(descriptor.Listening ? "a listening " : "a ")}{descriptor.Kind}{(descriptor.Path is { } path ? " " + path : "")})";
        FileStatus status;
        try
        {
            if (Descriptors.AccessOf(descriptor.Handle) == DescriptorAccess.PathOnly)
            {
                throw new BrokenReplyException($"{described} arrived as an O_PATH reference, not an open file: refused");
            }

            status = FileStatus.OfHandle(descriptor.Handle);
        }
        catch (IOException e)
        {
            throw new BrokenReplyException($"{described} cannot be examined ({e.Message}): refused", e);
        }

        if (ExpectedType(descriptor.Kind) is { } expected && status.Type != expected)
        {
            throw new BrokenReplyException($"{described} is {Name(status.Type)}: refused");
        }

        if ((descriptor.Listening || mustListen) && !AcceptsConnections(descriptor))
        {
            throw new BrokenReplyException($"{described} is not a listening socket: refused");
        }
    }

    // The agent's kinds (docs/COMMANDS.md, fds) and the file type each must have; the anonymous ones
    // (eventfd, epoll, …) and "other" have none to check.
    private static FileType? ExpectedType(string kind) => kind switch
    {
        "file" => FileType.Regular,
        "directory" => FileType.Directory,
        "pipe" or "fifo" => FileType.Fifo,
        "char-device" => FileType.CharDevice,
        "block-device" => FileType.BlockDevice,
        "tcp" or "udp" or "unix" or "socket" => FileType.Socket,
        _ => null,
    };

    private static bool AcceptsConnections(ExportedDescriptor descriptor)
    {
        try
        {
            return PeerCredentials.IsListening(descriptor.Handle);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Name(FileType type) => type switch
    {
        FileType.Regular => "a regular file",
        FileType.Directory => "a directory",
        FileType.Fifo => "a pipe",
        FileType.CharDevice => "a character device",
        FileType.BlockDevice => "a block device",
        FileType.Socket => "a socket",
        FileType.Symlink => "a symbolic link",
        _ => "an anonymous inode",
    };
}
