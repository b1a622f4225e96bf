using AttachKit.Agent.Unix;
using AttachKit.Protocol;
using AttachKit.Protocol.Unix;

namespace AttachKit.Agent.Listening;

/// <summary>
/// A listening socket published at <c>&lt;dir&gt;/.attach_pid&lt;pid&gt;</c> the way HotSpot does it:
/// bind a temporary name, chmod 0600, listen, then rename into place, so that whoever sees the
/// name can connect at once (a watcher sees a socket at bind(), before listen(): FINDINGS).
/// </summary>
internal sealed class PublishedSocket : IDisposable
{
    // Pending connections cost the kernel a little and the process nothing; a burst of attachers
    // past the backlog gets EAGAIN at once (unix(7)), which they must retry.
    private const int Backlog = 512;

    private readonly IDisposable _held;

    private PublishedSocket(UnixSocket listener, string path, FileStatus identity, IDisposable held)
    {
        Listener = listener;
        Path = path;
        Identity = identity;
        _held = held;
    }

    public UnixSocket Listener { get; }

    public string Path { get; }

    /// <summary>Device and inode of the socket file, to tell ours from a replacement.</summary>
    public FileStatus Identity { get; }

    /// <exception cref="IOException">The path is too long or taken by a file this user does not own.</exception>
    public static PublishedSocket Publish(string directory, int pid, AgentDescriptors descriptors)
    {
        var path = AttachSocket.PathIn(directory, pid);
        var temporary = path + ".tmp";
        RemoveIfOurs(temporary);
        RefuseIfNotOurs(path);
        UnixSocket listener;
        using (var address = SocketAddressPath.For(temporary))
        {
            listener = UnixSocket.Bind(address.Path);
        }

        try
        {
            PosixFiles.MakeOwnerOnly(temporary);
            var bound = FileStatus.Of(temporary);
            if (bound is not { IsSocket: true, PermissionBits: 0x180 } || bound.Value.OwnerUid != PosixFiles.EffectiveUid)
            {
                throw new IOException($"{temporary} changed under the agent between bind and chmod; not publishing");
            }

            listener.Listen(Backlog);
            PosixFiles.Rename(temporary, path);
            return new PublishedSocket(listener, path, bound.Value, descriptors.Hold(listener, AgentDescriptors.Listener));
        }
        catch
        {
            listener.Dispose();
            TryUnlinkOwnSocket(temporary);
            throw;
        }
    }

    /// <summary>Whether the path still names this very socket (not deleted, not replaced).</summary>
    public bool IsInPlace()
    {
        var now = FileStatus.Of(Path);
        return now is { IsSocket: true } && now.Value.IsSameFile(Identity);
    }

    /// <summary>Closes the listener and removes the path, only if it is still ours.</summary>
    public void Dispose()
    {
        if (IsInPlace())
        {
            PosixFiles.Unlink(Path);
        }

        Listener.Dispose();
        _held.Dispose();
    }

    private static void RemoveIfOurs(string path)
    {
        RefuseIfNotOurs(path);
        if (FileStatus.Of(path) is not null)
        {
            PosixFiles.Unlink(path);
        }
    }

    // rename(2) replaces a stale file or symlink at the path without following it; only another
    // user's file is left alone (in a sticky /tmp the kernel would refuse anyway).
    private static void RefuseIfNotOurs(string path)
    {
        var existing = FileStatus.Of(path);
        if (existing is { } file && (file.OwnerUid != PosixFiles.EffectiveUid || file.IsDirectory))
        {
            throw new IOException($"{path} exists and is {(file.IsDirectory ? "a directory" : $"owned by uid {file.OwnerUid}")}; not replacing it");
        }
    }

    private static void TryUnlinkOwnSocket(string path)
    {
        try
        {
            if (FileStatus.Of(path) is { IsSocket: true } file && file.OwnerUid == PosixFiles.EffectiveUid)
            {
                PosixFiles.Unlink(path);
            }
        }
        catch (IOException)
        {
            // Best effort: the publication error being thrown is what matters.
        }
    }
}
