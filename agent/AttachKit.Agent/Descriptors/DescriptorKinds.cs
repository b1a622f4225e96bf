using AttachKit.Linux.Files;

namespace AttachKit.Agent.Descriptors;

/// <summary>The kinds of descriptor <c>fds</c> tells apart, from the /proc/self/fd link and fstat(2).</summary>
internal static class DescriptorKinds
{
    public const string File = "file";
    public const string Directory = "directory";
    public const string Pipe = "pipe";
    public const string Fifo = "fifo";
    public const string CharDevice = "char-device";
    public const string BlockDevice = "block-device";
    public const string Tcp = "tcp";
    public const string Udp = "udp";
    public const string Unix = "unix";
    public const string Socket = "socket";
    public const string EventFd = "eventfd";
    public const string Epoll = "epoll";
    public const string TimerFd = "timerfd";
    public const string SignalFd = "signalfd";
    public const string Inotify = "inotify";
    public const string AnonInode = "anon-inode";
    public const string Other = "other";

    /// <summary>
    /// Classifies a descriptor that is not a socket. proc(5): anonymous inodes link to
    /// <c>anon_inode:[eventfd]</c> and the like, pipes to <c>pipe:[inode]</c>, files to their path.
    /// </summary>
    public static string Of(string target, FileStatus? status) => target switch
    {
        _ when target.StartsWith("pipe:", StringComparison.Ordinal) => Pipe,
        "anon_inode:[eventfd]" => EventFd,
        "anon_inode:[eventpoll]" => Epoll,
        "anon_inode:[timerfd]" => TimerFd,
        "anon_inode:[signalfd]" => SignalFd,
        "anon_inode:inotify" => Inotify,
        _ when target.StartsWith("anon_inode:", StringComparison.Ordinal) => AnonInode,
        _ when target.StartsWith('/') => status?.Type switch
        {
            FileType.Regular => File,
            FileType.Directory => Directory,
            FileType.Fifo => Fifo,
            FileType.CharDevice => CharDevice,
            FileType.BlockDevice => BlockDevice,
            _ => Other,
        },
        _ => Other,
    };

    /// <summary>Whether the kind has a file offset worth reporting (fdinfo shows 0 for the others).</summary>
    public static bool HasOffset(string kind) => kind is File or Directory or BlockDevice;
}
