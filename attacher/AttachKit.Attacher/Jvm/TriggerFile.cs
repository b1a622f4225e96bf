using System.Globalization;
using AttachKit.Linux;
using AttachKit.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher.Jvm;

/// <summary>
/// <c>.attach_pid&lt;nspid&gt;</c>: the file whose presence tells a HotSpot JVM, on SIGQUIT, to start its
/// attach listener instead of printing a thread dump. The JVM looks in its working directory, then in
/// its /tmp, and trusts the file only when its owner is the JVM's effective uid or root. Both places
/// belong to the JVM's user, so the file is made there with that user's rights (as its file-system uid and
/// gid), as a new file: never following a symlink, never opening a FIFO or device, never truncating
/// anything. Removed when disposed, if it is still the file made here.
/// </summary>
internal sealed class TriggerFile : IDisposable
{
    private readonly DirectoryHandle _directory;
    private readonly string _name;
    private readonly FileStatus? _created;

    private TriggerFile(DirectoryHandle directory, string name, FileStatus? created)
    {
        _directory = directory;
        _name = name;
        _created = created;
    }

    /// <summary>Creates the trigger in the target's working directory, or else in its /tmp.</summary>
    /// <exception cref="AttachPermissionException">Neither place took a file the JVM would trust.</exception>
    public static TriggerFile Create(TargetProcess target, uint uid, uint gid)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $".attach_pid{target.NamespacePid()}");
        var reasons = new List<string>();
        foreach (var open in (Func<DirectoryHandle>[])[() => DirectoryHandle.Open(target.ProcDirectory + "/cwd"), () => target.OpenDirectory("/tmp")])
        {
            DirectoryHandle directory;
            try
            {
                directory = open();
            }
            catch (IOException e)
            {
                reasons.Add(e.Message);
                continue;
            }

            if (TryCreateIn(directory, name, uid, gid, reasons) is { } trigger)
            {
                return trigger;
            }

            directory.Dispose();
        }

        throw new AttachPermissionException(
            $"could not create a trigger file the JVM trusts ({name}, owned by uid {uid} or root) in the working directory or /tmp of process {target.Pid}: {string.Join("; ", reasons)}");
    }

    public void Dispose()
    {
        if (_created is { } created)
        {
            _directory.UnlinkIfSame(_name, created);
        }

        _directory.Dispose();
    }

    private static TriggerFile? TryCreateIn(DirectoryHandle directory, string name, uint uid, uint gid, List<string> reasons)
    {
        try
        {
            using var handle = CreateAs(directory, name, uid, gid);
            if (handle is null)
            {
                // A trigger left by an earlier attach serves as well, if it is one the JVM trusts; it is
                // left in place, as it was found. Anything else there is not touched.
                if (directory.Stat(name) is { IsRegular: true } existing && IsTrusted(existing, uid))
                {
                    return new TriggerFile(directory, name, created: null);
                }

                reasons.Add($"{directory.Describe(name)} exists already and is not a trigger the JVM trusts");
                return null;
            }

            // Some file systems give new files another owner (root squash, some FUSE mounts): the JVM would
            // ignore such a trigger, so try the next place.
            var created = FileStatus.OfHandle(handle);
            if (IsTrusted(created, uid))
            {
                return new TriggerFile(directory, name, created);
            }

            directory.UnlinkIfSame(name, created);
            reasons.Add($"{directory.Describe(name)} was given to uid {created.OwnerUid}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reasons.Add(e.Message);
            return null;
        }
    }

    private static bool IsTrusted(FileStatus file, uint uid) => file.OwnerUid == uid || file.OwnerUid == Credentials.RootUid;

    private static SafeFileHandle? CreateAs(DirectoryHandle directory, string name, uint uid, uint gid)
    {
        using (Credentials.ActAs(uid, gid))
        {
            return directory.CreateNew(name);
        }
    }
}
