using AttachKit.Linux;
using AttachKit.Linux.Files;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;
using AgentDescriptors = AttachKit.Agent.Descriptors.AgentDescriptors;

namespace AttachKit.Agent.Listening;

/// <summary>
/// A listening socket published at <c>&lt;dir&gt;/.attach_pid&lt;pid&gt;</c> the way HotSpot does it:
/// bind a temporary name, chmod 0600, listen, then rename into place, so that whoever sees the name can
/// connect at once (a directory watch sees a socket at bind(), before listen()). When another user holds
/// that name or the temporary one (a file, a symlink, a directory, a socket of theirs), nothing of theirs
/// is touched: the socket is published in a new directory of this process's own instead,
/// <c>&lt;dir&gt;/.attachkit-&lt;pid&gt;-&lt;random&gt;/</c>, mode 0700, where the attacher looks too
/// (docs/PROTOCOL.md, "Where the socket is").
/// </summary>
internal sealed class PublishedSocket : IDisposable
{
    // Pending connections cost the kernel a little and the process nothing; a burst of attachers
    // past the backlog gets EAGAIN at once (unix(7)), which they must retry.
    private const int Backlog = 512;

    private readonly IDisposable _held;
    private readonly string? _privateDirectory;
    private readonly string _sharedPath;

    private PublishedSocket(UnixSocket listener, string path, FileStatus identity, IDisposable held, string sharedPath, string? privateDirectory)
    {
        Listener = listener;
        Path = path;
        Identity = identity;
        _held = held;
        _sharedPath = sharedPath;
        _privateDirectory = privateDirectory;
    }

    public UnixSocket Listener { get; }

    public string Path { get; }

    /// <summary>Device and inode of the socket file, to tell ours from a replacement.</summary>
    public FileStatus Identity { get; }

    /// <summary>Why the socket is in a private directory (another user holds the shared name); null when it is not.</summary>
    public string? PrivateBecause { get; private init; }

    /// <exception cref="IOException">The socket could be published neither at its name nor in a private directory.</exception>
    public static PublishedSocket Publish(string directory, int pid, AgentDescriptors descriptors)
    {
        var shared = AttachSocket.PathIn(directory, pid);
        if (WhyTaken(shared) is { } taken)
        {
            return PublishPrivately(directory, pid, descriptors, taken);
        }

        try
        {
            return PublishAt(shared, descriptors, shared, privateDirectory: null, privateBecause: null);
        }
        catch (IOException) when (WhyTaken(shared) is { } takenMeanwhile)
        {
            return PublishPrivately(directory, pid, descriptors, takenMeanwhile);
        }
    }

    /// <summary>
    /// Whether the path still names this very socket (not deleted, not replaced), and, for a socket in a
    /// private directory, whether it still has to be there: once the shared name is free, the next signal
    /// publishes there again.
    /// </summary>
    public bool IsInPlace()
    {
        var now = FileStatus.Of(Path);
        return now is { IsSocket: true } && now.Value.IsSameFile(Identity) && (_privateDirectory is null || WhyTaken(_sharedPath) is not null);
    }

    /// <summary>Closes the listener and removes the path (and its private directory), only if it is still ours.</summary>
    public void Dispose()
    {
        if (FileStatus.Of(Path) is { IsSocket: true } now && now.IsSameFile(Identity))
        {
            PosixFiles.Unlink(Path);
        }

        if (_privateDirectory is not null)
        {
            TryRemoveDirectory(_privateDirectory);
        }

        Listener.Dispose();
        _held.Dispose();
    }

    private static PublishedSocket PublishAt(string path, AgentDescriptors descriptors, string sharedPath, string? privateDirectory, string? privateBecause)
    {
        var temporary = path + ".tmp";
        RemoveIfOurs(temporary);
        UnixSocket listener;
        using (var address = SocketAddressPath.For(temporary))
        {
            listener = UnixSocket.Bind(address.Path);
        }

        try
        {
            PosixFiles.MakeOwnerOnly(temporary);
            var bound = FileStatus.Of(temporary);
            if (bound is not { IsSocket: true, PermissionBits: 0x180 } || bound.Value.OwnerUid != Credentials.EffectiveUid)
            {
                throw new IOException($"{temporary} changed under the agent between bind and chmod; not publishing");
            }

            listener.Listen(Backlog);

            // rename(2) replaces a stale file or symlink of this user's at the path without following it.
            PosixFiles.Rename(temporary, path);
            return new PublishedSocket(listener, path, bound.Value, descriptors.Hold(listener.Descriptor, AgentDescriptors.Listener), sharedPath, privateDirectory) { PrivateBecause = privateBecause };
        }
        catch
        {
            listener.Dispose();
            TryUnlinkOwnSocket(temporary);
            throw;
        }
    }

    private static PublishedSocket PublishPrivately(string directory, int pid, AgentDescriptors descriptors, string taken)
    {
        // A name no other user can guess, so none can take it first; made by mkdir(2), which never follows
        // or reuses anything already there.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var own = System.IO.Path.Combine(directory, AttachSocket.PrivateDirectoryPrefix(pid) + UnpredictableNames.Hex(16));
            if (!PosixFiles.TryCreateDirectory(own, OpenFlags.OwnerOnlyDirectory))
            {
                continue;
            }

            try
            {
                var made = FileStatus.Of(own);
                if (made is not { IsDirectory: true } || made.Value.OwnerUid != Credentials.EffectiveUid || !made.Value.IsOwnerOnly)
                {
                    throw new IOException($"{own} is not the private directory just made; not publishing");
                }

                return PublishAt(AttachSocket.PathIn(own, pid), descriptors, AttachSocket.PathIn(directory, pid), own, taken);
            }
            catch
            {
                TryRemoveDirectory(own);
                throw;
            }
        }

        throw new IOException($"could not make a private directory in {directory} to publish in ({taken})");
    }

    // Why another user's entry keeps this process from publishing at path or its temporary name, or null.
    private static string? WhyTaken(string path)
    {
        foreach (var name in (string[])[path, path + ".tmp"])
        {
            if (FileStatus.Of(name) is { } existing && existing.IsTakenFrom(Credentials.EffectiveUid))
            {
                return existing.IsDirectory && existing.OwnerUid == Credentials.EffectiveUid
                    ? $"{name} is a directory"
                    : $"{name} is held by uid {existing.OwnerUid}";
            }
        }

        return null;
    }

    private static void RemoveIfOurs(string path)
    {
        if (FileStatus.Of(path) is { } existing && !existing.IsTakenFrom(Credentials.EffectiveUid))
        {
            PosixFiles.Unlink(path);
        }
    }

    private static void TryUnlinkOwnSocket(string path)
    {
        try
        {
            if (FileStatus.Of(path) is { IsSocket: true } file && file.OwnerUid == Credentials.EffectiveUid)
            {
                PosixFiles.Unlink(path);
            }
        }
        catch (IOException)
        {
            // Best effort: the publication error being thrown is what matters.
        }
    }

    private static void TryRemoveDirectory(string path)
    {
        try
        {
            PosixFiles.RemoveDirectory(path);
        }
        catch (IOException)
        {
            // Not empty (someone else's file, which is left alone) or gone.
        }
    }
}
