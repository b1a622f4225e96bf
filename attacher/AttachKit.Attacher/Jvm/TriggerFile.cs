using System.Globalization;
using AttachKit.Attacher.Unix;

namespace AttachKit.Attacher.Jvm;

/// <summary>
/// <c>.attach_pid&lt;nspid&gt;</c>: the file whose presence tells a HotSpot JVM, on SIGQUIT, to start its
/// attach listener instead of printing a thread dump. The JVM looks in its working directory, then in
/// its /tmp, and trusts the file only when its owner is the JVM's effective uid or root.
/// Removed when disposed.
/// </summary>
internal sealed class TriggerFile : IDisposable
{
    private readonly string _path;

    private TriggerFile(string path) => _path = path;

    /// <summary>Creates the trigger in the target's working directory, or else in its /tmp.</summary>
    /// <exception cref="AttachPermissionException">Neither place took a file the JVM would trust.</exception>
    public static TriggerFile Create(TargetProcess target, int namespacePid, int targetUid)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $".attach_pid{namespacePid}");
        string[] places = [$"{target.ProcDirectory}/cwd/{name}", target.PathInRoot("/tmp/" + name)];
        foreach (var path in places)
        {
            try
            {
                File.WriteAllBytes(path, []);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // Some file systems give new files another owner (root squash, some FUSE mounts): the JVM
            // would ignore such a trigger, so try the next place.
            if (FileStatus.Of(path)?.Uid is { } owner && (owner == targetUid || owner == Credentials.RootUid))
            {
                return new TriggerFile(path);
            }

            TryDelete(path);
        }

        throw new AttachPermissionException(
            $"could not create a trigger file the JVM trusts ({name}, owned by uid {targetUid} or root) in the working directory or /tmp of process {target.Pid}");
    }

    public void Dispose() => TryDelete(_path);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The JVM does not need it once its listener is up; a leftover only costs a file.
        }
    }
}
