using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Files;

/// <summary>
/// An open directory (an O_PATH descriptor) and what AttachKit does in it, by name, relative to that
/// descriptor: the directory is resolved once, and a final symlink, FIFO or device is never followed or
/// opened. The one way the attacher touches a place another user controls (a target's TMPDIR, its working
/// directory, anything under /proc/&lt;pid&gt;/root) and the way it creates files for the operator.
/// </summary>
internal sealed partial class DirectoryHandle : IDisposable
{
    private const int AtRemoveDirectory = 0x200;

    private DirectoryHandle(SafeFileHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    /// <summary>The descriptor.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>The path it was opened by, for messages.</summary>
    public string Path { get; }

    /// <summary>
    /// The directory through this process's descriptor table (<c>/proc/self/fd/&lt;n&gt;</c>): a path that
    /// resolves to this very directory, for the calls that take only paths (inotify, bind, opendir).
    /// Valid while this handle is open.
    /// </summary>
    public string DescriptorPath => string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{Handle.DangerousGetHandle()}");

    /// <summary>
    /// Opens <paramref name="path"/>, following symlinks on the way as any path lookup does: for
    /// directories this process's user chose (the operator's output directory) and for the kernel's
    /// own links (/proc/&lt;pid&gt;/cwd, /proc/&lt;pid&gt;/root).
    /// </summary>
    /// <exception cref="IOException">It cannot be opened, or is not a directory.</exception>
    public static DirectoryHandle Open(string path)
    {
        var descriptor = OpenCall(path, OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
        return descriptor >= 0
            ? new DirectoryHandle(new SafeFileHandle(descriptor, ownsHandle: true), path)
            : throw Errno.Failure("open", path, Errno.Last);
    }

    /// <summary>
    /// Opens <paramref name="path"/> (absolute or not) inside the directory tree <paramref name="root"/>,
    /// as a process whose root that is would: <c>..</c> stops at it, and an absolute symlink on the way is
    /// read from it (openat2(2) RESOLVE_IN_ROOT, Linux 5.6). Kernel magic links (/proc/&lt;pid&gt;/…) are not
    /// followed. On an older kernel a symlink on the way is refused instead, since it could not be followed
    /// safely.
    /// </summary>
    /// <exception cref="IOException">It cannot be opened inside the root, or is not a directory.</exception>
    public static DirectoryHandle OpenInRoot(DirectoryHandle root, string path)
    {
        var inside = RootedPath.Resolve(root, path);
        return new DirectoryHandle(inside, root.Path + "/" + path.TrimStart('/'));
    }

    /// <summary>The status of <paramref name="name"/> here, a symlink not followed; null when nothing is there.</summary>
    /// <exception cref="IOException">statx failed otherwise.</exception>
    public FileStatus? Stat(string name) => FileStatus.At(Handle, name);

    /// <summary>An O_PATH descriptor of <paramref name="name"/> itself (never what a symlink points to); null when nothing is there.</summary>
    /// <exception cref="IOException">It could not be opened.</exception>
    public SafeFileHandle? OpenPath(string name)
    {
        using var held = new HeldDescriptor(Handle);
        var descriptor = OpenAtCall(held.Number, name, OpenFlags.PathOnly | OpenFlags.NoFollow | OpenFlags.CloseOnExec, 0);
        if (descriptor >= 0)
        {
            return new SafeFileHandle(descriptor, ownsHandle: true);
        }

        var errno = Errno.Last;
        return errno == Errno.Enoent ? null : throw Errno.Failure("open", Describe(name), errno);
    }

    /// <summary>
    /// Opens the regular file <paramref name="name"/> for reading, never following a symlink, never waiting on a
    /// FIFO or opening a device; null when there is nothing there or something that is not a regular file.
    /// </summary>
    /// <exception cref="IOException">It could not be opened otherwise.</exception>
    public FileStream? OpenRegularForReading(string name)
    {
        using var held = new HeldDescriptor(Handle);
        var descriptor = OpenAtCall(held.Number, name, OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.CloseOnExec, 0);
        if (descriptor < 0)
        {
            var errno = Errno.Last;
            return errno is Errno.Enoent or Errno.Eloop ? null : throw Errno.Failure("open", Describe(name), errno);
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        if (!FileStatus.OfHandle(handle).IsRegular)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>The subdirectory <paramref name="name"/>, not following a symlink; null when it is not there or not a directory.</summary>
    /// <exception cref="IOException">It could not be opened otherwise.</exception>
    public DirectoryHandle? OpenSubdirectory(string name)
    {
        using var held = new HeldDescriptor(Handle);
        var descriptor = OpenAtCall(held.Number, name, OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec, 0);
        if (descriptor >= 0)
        {
            return new DirectoryHandle(new SafeFileHandle(descriptor, ownsHandle: true), Describe(name));
        }

        var errno = Errno.Last;
        return errno is Errno.Enoent or Errno.Enotdir or Errno.Eloop ? null : throw Errno.Failure("open", Describe(name), errno);
    }

    /// <summary>
    /// Creates <paramref name="name"/> as a new file, open for writing (O_CREAT | O_EXCL | O_NOFOLLOW |
    /// O_NONBLOCK): fails if anything at all is there already (a file, a symlink, a FIFO), so nothing is
    /// ever truncated, followed or waited on.
    /// </summary>
    /// <returns>The new file, or null when the name is taken (EEXIST).</returns>
    /// <exception cref="IOException">It could not be created otherwise.</exception>
    public SafeFileHandle? CreateNew(string name, int mode = OpenFlags.OwnerReadWrite)
    {
        using var held = new HeldDescriptor(Handle);
        var flags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.CloseOnExec;
        var descriptor = OpenAtCall(held.Number, name, flags, mode);
        if (descriptor >= 0)
        {
            return new SafeFileHandle(descriptor, ownsHandle: true);
        }

        var errno = Errno.Last;
        return errno == Errno.Eexist ? null : throw Errno.Failure("create", Describe(name), errno);
    }

    /// <summary>Creates the subdirectory <paramref name="name"/> (mkdirat(2)); false when the name is taken.</summary>
    /// <exception cref="IOException">It could not be created otherwise.</exception>
    public bool TryCreateDirectory(string name, int mode = OpenFlags.OwnerOnlyDirectory)
    {
        using var held = new HeldDescriptor(Handle);
        if (MakeDirectoryAtCall(held.Number, name, mode) == 0)
        {
            return true;
        }

        var errno = Errno.Last;
        return errno == Errno.Eexist ? false : throw Errno.Failure("mkdir", Describe(name), errno);
    }

    /// <summary>renameat(2) within this directory: replaces whatever is at <paramref name="to"/> (a symlink itself, never its target).</summary>
    /// <exception cref="IOException">rename failed.</exception>
    public void Rename(string from, string to)
    {
        using var held = new HeldDescriptor(Handle);
        Errno.Check(RenameAtCall(held.Number, from, held.Number, to), "rename", $"{Describe(from)} to {to}");
    }

    /// <summary>Removes the name <paramref name="name"/> (unlinkat(2): a symlink itself, never its target); false when it was not there.</summary>
    /// <exception cref="IOException">It could not be removed.</exception>
    public bool Unlink(string name) => Remove(name, 0);

    /// <summary>Removes the empty subdirectory <paramref name="name"/>; false when it was not there.</summary>
    /// <exception cref="IOException">It could not be removed (not empty, …).</exception>
    public bool RemoveDirectory(string name) => Remove(name, AtRemoveDirectory);

    /// <summary>Removes <paramref name="name"/> only if it is still the file <paramref name="expected"/> (same device and inode); best effort.</summary>
    public bool UnlinkIfSame(string name, FileStatus expected)
    {
        try
        {
            return Stat(name) is { } now && now.IsSameFile(expected) && Unlink(name);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The names in the directory (readdir(3)), "." and ".." left out.</summary>
    /// <exception cref="IOException">It cannot be listed.</exception>
    public List<string> Names() => DirectoryNames.Of(DescriptorPath);

    /// <summary>A path of <paramref name="name"/> here, for messages.</summary>
    public string Describe(string name) => Path.EndsWith('/') ? Path + name : Path + "/" + name;

    public void Dispose() => Handle.Dispose();

    private bool Remove(string name, int flags)
    {
        using var held = new HeldDescriptor(Handle);
        if (UnlinkAtCall(held.Number, name, flags) == 0)
        {
            return true;
        }

        var errno = Errno.Last;
        return errno == Errno.Enoent ? false : throw Errno.Failure(flags == 0 ? "unlink" : "rmdir", Describe(name), errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCall(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAtCall(int directory, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectoryAtCall(int directory, string name, int mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAtCall(int fromDirectory, string from, int toDirectory, string to);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAtCall(int directory, string name, int flags);
}
