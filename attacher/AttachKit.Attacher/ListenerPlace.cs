using AttachKit.Linux.Files;
using AttachKit.Linux.Sockets;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher;

/// <summary>
/// Where a target's listener has its socket, in the target's own file system: a directory (the agent's
/// TMPDIR, a JVM's /tmp) opened once and safely (<see cref="TargetProcess.OpenDirectory"/>), and the
/// socket's name in it. Only a socket the target's user owns counts as the target's; for an agent, whose
/// name another user may have taken, its private directories count too (docs/PROTOCOL.md, "Where the
/// socket is"). Nothing here connects to anything but such sockets, and nothing is ever sent from here.
/// </summary>
internal sealed class ListenerPlace : IDisposable
{
    private readonly uint _ownerUid;
    private readonly string? _privatePrefix;

    /// <param name="directory">The directory, opened safely.</param>
    /// <param name="name">The socket's name in it.</param>
    /// <param name="ownerUid">The target's effective uid: only its sockets count.</param>
    /// <param name="privatePrefix">How the agent's private directories begin; null for a listener without them (a JVM's).</param>
    /// <param name="connectAs">The ids to connect with, when not this process's own (<see cref="TargetProcess.ConnectIdentity"/>).</param>
    public ListenerPlace(DirectoryHandle directory, string name, uint ownerUid, string? privatePrefix, (uint Uid, uint Gid)? connectAs)
    {
        Directory = directory;
        Name = name;
        _ownerUid = ownerUid;
        _privatePrefix = privatePrefix;
        ConnectAs = connectAs;
    }

    /// <summary>The ids to connect with when they are not this process's own: the target's, where its listener would not know root.</summary>
    public (uint Uid, uint Gid)? ConnectAs { get; }

    /// <summary>The directory, as opened.</summary>
    public DirectoryHandle Directory { get; }

    /// <summary>The socket's file name.</summary>
    public string Name { get; }

    /// <summary>The socket's path as this process reaches it, for messages.</summary>
    public string Path => Directory.Describe(Name);

    /// <summary>
    /// The sockets that may be the target's listener, the likeliest first: the one at <see cref="Name"/> if the
    /// target's user owns it; then, when another user holds that name or the agent's temporary name, the
    /// sockets in the private directories of the target's user (newest first). The caller disposes them.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be read.</exception>
    public List<SocketFile> Candidates()
    {
        var found = new List<SocketFile>();
        if (OwnSocket(Directory, Name) is { } shared)
        {
            found.Add(shared);
        }

        if (_privatePrefix is not null && NameIsTaken())
        {
            found.AddRange(PrivateSockets(_privatePrefix).OrderByDescending(socket => socket.Status.LastWriteUtc));
        }

        return found;
    }

    /// <summary>Whether the target has a socket here now (<see cref="Candidates"/> finds one).</summary>
    public bool HasCandidate()
    {
        var sockets = Candidates();
        sockets.ForEach(socket => socket.Dispose());
        return sockets.Count > 0;
    }

    /// <summary>
    /// What holds the socket's name when it is not the target user's socket: "a directory of uid 65534", or,
    /// for another user's listening socket, who listens there (learnt by connecting; nothing is sent). Null
    /// when the name is free or the target user's.
    /// </summary>
    public Squatter? FindSquatter()
    {
        var status = Directory.Stat(Name);
        if (status is not { } held || (held.IsSocket && held.OwnerUid == _ownerUid))
        {
            return null;
        }

        if (!held.IsSocket)
        {
            return new Squatter($"{Path} is a {Describe(held.Type)} of uid {held.OwnerUid}", Listening: false);
        }

        using var file = Directory.OpenPath(Name);
        using var socket = file is null ? null : UnixSocket.TryConnect(file, out _);
        return socket?.Peer() is { } peer
            ? new Squatter($"{Path} is served by pid {peer.Pid} uid {peer.Uid}", Listening: true)
            : new Squatter($"{Path} is a socket of uid {held.OwnerUid} that nobody listens on", Listening: false);
    }

    public void Dispose() => Directory.Dispose();

    // The agent would replace a stale file of its own user at its name; another user's, or a directory, it
    // leaves alone and publishes privately instead.
    private bool NameIsTaken()
        => Directory.Stat(Name) is { } shared && shared.IsTakenFrom(_ownerUid)
            || Directory.Stat(Name + ".tmp") is { } temporary && temporary.IsTakenFrom(_ownerUid);

    private IEnumerable<SocketFile> PrivateSockets(string prefix)
    {
        foreach (var name in Directory.Names().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var directory = Directory.OpenSubdirectory(name);
            if (directory is not null
                && FileStatus.OfHandle(directory.Handle) is { } status
                && status.OwnerUid == _ownerUid
                && status.IsOwnerOnly
                && OwnSocket(directory, Name) is { } socket)
            {
                yield return socket;
            }
        }
    }

    // The socket at name in directory, held open (O_PATH, the name itself, never a symlink's target), if
    // it is a socket the target's user owns.
    private SocketFile? OwnSocket(DirectoryHandle directory, string name)
    {
        var handle = directory.OpenPath(name);
        if (handle is null)
        {
            return null;
        }

        var status = FileStatus.OfHandle(handle);
        if (status.IsSocket && status.OwnerUid == _ownerUid)
        {
            return new SocketFile(handle, directory.Describe(name), status);
        }

        handle.Dispose();
        return null;
    }

    private static string Describe(FileType type) => type switch
    {
        FileType.Regular => "file",
        FileType.Directory => "directory",
        FileType.Symlink => "symbolic link",
        FileType.Fifo => "FIFO",
        FileType.CharDevice or FileType.BlockDevice => "device",
        _ => "file",
    };
}

/// <summary>What holds a listener's name in another user's stead, said in a sentence; whether it listens.</summary>
internal sealed record Squatter(string Description, bool Listening);

/// <summary>A socket file held open by an O_PATH descriptor: connecting through it reaches this very file.</summary>
internal sealed record SocketFile(SafeFileHandle Handle, string Path, FileStatus Status) : IDisposable
{
    public void Dispose() => Handle.Dispose();
}
