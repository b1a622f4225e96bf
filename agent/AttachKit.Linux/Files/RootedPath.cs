using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Files;

/// <summary>
/// Resolves a path inside a directory tree as if that tree were the root: what a process in a container
/// (or a chroot) means by a path, reached from outside through its /proc/&lt;pid&gt;/root. Joining the two as
/// strings would let the path leave the tree (<c>/proc/1234/root/../../..</c> climbs into the host) or an
/// absolute symlink in it point at the host's files.
/// </summary>
internal static partial class RootedPath
{
    // openat2(2) is syscall 437 on every architecture (it came after the tables were unified).
    private const long OpenAt2 = 437;
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveInRoot = 0x10;
    private const int RaceRetries = 8;

    /// <summary>An O_PATH descriptor of the directory <paramref name="path"/> inside <paramref name="root"/>.</summary>
    /// <exception cref="IOException">It cannot be resolved inside the root, or is not a directory.</exception>
    public static SafeFileHandle Resolve(DirectoryHandle root, string path)
    {
        var flags = (ulong)(OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.CloseOnExec);
        using var held = new HeldDescriptor(root.Handle);
        for (var attempt = 0; ; attempt++)
        {
            var how = new OpenHow { Flags = flags, Resolve = ResolveInRoot | ResolveNoMagicLinks };
            var descriptor = (int)OpenAt2Call(OpenAt2, held.Number, path, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            if (descriptor >= 0)
            {
                return new SafeFileHandle(descriptor, ownsHandle: true);
            }

            var errno = Errno.Last;
            switch (errno)
            {
                // A rename or mount under way in the tree: the kernel asks for another try.
                case Errno.Eagain when attempt < RaceRetries:
                    continue;
                case Errno.Enosys:
                    return WalkWithoutSymlinks(held.Number, root.Path, path);
                default:
                    throw Errno.Failure("resolve", $"{path} inside {root.Path}", errno);
            }
        }
    }

    /// <summary>
    /// Before openat2 (Linux 5.6): one component at a time from the root, <c>..</c> kept at the root, and any
    /// symlink refused (O_NOFOLLOW), since it could not be followed without possibly leaving the tree.
    /// </summary>
    private static SafeFileHandle WalkWithoutSymlinks(int root, string rootPath, string path)
    {
        var opened = new Stack<SafeFileHandle>();
        try
        {
            foreach (var component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (component == ".")
                {
                    continue;
                }

                if (component == "..")
                {
                    if (opened.Count > 0)
                    {
                        opened.Pop().Dispose();
                    }

                    continue;
                }

                var parent = opened.Count > 0 ? (int)opened.Peek().DangerousGetHandle() : root;
                var descriptor = DirectoryHandle.OpenAtCall(parent, component, OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec, 0);
                if (descriptor < 0)
                {
                    var errno = Errno.Last;
                    throw errno is Errno.Eloop or Errno.Enotdir
                        ? new IOException($"{path} inside {rootPath} goes through a symbolic link or non-directory ({component}), which this kernel (before Linux 5.6: no openat2) cannot follow safely")
                        : Errno.Failure("resolve", $"{path} inside {rootPath}", errno);
                }

                opened.Push(new SafeFileHandle(descriptor, ownsHandle: true));
            }

            if (opened.Count == 0)
            {
                var self = DirectoryHandle.OpenAtCall(root, ".", OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
                return self >= 0 ? new SafeFileHandle(self, ownsHandle: true) : throw Errno.Failure("open", rootPath, Errno.Last);
            }

            return opened.Pop();
        }
        finally
        {
            foreach (var handle in opened)
            {
                handle.Dispose();
            }
        }
    }

    // struct open_how (openat2(2)): flags, mode, resolve, each 64 bits.
    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long OpenAt2Call(long number, int directory, string path, ref OpenHow how, nuint size);
}
