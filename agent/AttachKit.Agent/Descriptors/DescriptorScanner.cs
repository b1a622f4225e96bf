using System.Globalization;
using AttachKit.Linux.Files;

namespace AttachKit.Agent.Descriptors;

/// <summary>
/// Describes this process's open descriptors from /proc/self (proc(5)): the fd link for what it is,
/// fstat(2) for the file type and link count, fdinfo for flags and offset, and the network tables
/// for sockets. A snapshot: a descriptor closed meanwhile is left out.
/// </summary>
internal static class DescriptorScanner
{
    private const string DeletedMark = " (deleted)";
    private const string AssemblyRole = "runtime: assembly";

    private static readonly string DiagnosticPortPrefix = string.Create(CultureInfo.InvariantCulture, $"dotnet-diagnostic-{Environment.ProcessId}-");

    /// <summary>The numbers of every open descriptor, ascending.</summary>
    public static IReadOnlyList<int> OpenDescriptors()
    {
        // Listed completely before anything else is opened: the listing's own descriptor then
        // shows as closed and is skipped by Describe.
        var numbers = new List<int>();
        foreach (var name in DirectoryNames.Of("/proc/self/fd"))
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                numbers.Add(fd);
            }
        }

        numbers.Sort();
        return numbers;
    }

    /// <summary>
    /// Describes <paramref name="descriptors"/>, in the order given; those no longer open are left out.
    /// Without <paramref name="withFlags"/>, fdinfo is not read (flags empty, no offset): it is the
    /// costliest part, and what a descriptor is does not depend on it.
    /// </summary>
    public static IReadOnlyList<DescriptorInfo> Describe(IReadOnlyList<int> descriptors, AgentDescriptors agent, CancellationToken cancellation, bool withFlags = true)
    {
        var targets = new List<(int Fd, string Target)>(descriptors.Count);
        var socketInodes = new HashSet<ulong>();
        foreach (var fd in descriptors)
        {
            cancellation.ThrowIfCancellationRequested();
            if (LinkTarget(fd) is not { } target)
            {
                continue;
            }

            targets.Add((fd, target));
            if (SocketInode(target) is { } inode)
            {
                socketInodes.Add(inode);
            }
        }

        var sockets = SocketTable.Find(socketInodes);
        var assemblies = LoadedAssemblyFiles();
        var described = new List<DescriptorInfo>(targets.Count);
        foreach (var (fd, target) in targets)
        {
            cancellation.ThrowIfCancellationRequested();
            var info = withFlags ? FdInfo.Of(fd) : null;
            var role = agent.RoleOf(fd) is { } agentRole ? $"agent: {agentRole}"
                : assemblies.Contains(target) ? AssemblyRole
                : null;
            described.Add(Describe(fd, target, info, sockets, role));
        }

        return described;
    }

    private static DescriptorInfo Describe(int fd, string target, FdInfo? info, IReadOnlyDictionary<ulong, SocketEntry> sockets, string? role)
    {
        var flags = info is { } known ? OpenFlags.Names(known.Flags) : [];
        if (SocketInode(target) is { } inode)
        {
            var socket = sockets.GetValueOrDefault(inode);
            return new DescriptorInfo(
                fd,
                socket?.Kind ?? DescriptorKinds.Socket,
                target,
                socket?.Kind == DescriptorKinds.Unix ? socket.Local : null,
                Deleted: false,
                socket?.Local,
                socket?.Remote,
                socket?.State,
                socket?.Listening ?? false,
                flags,
                Offset: null,
                role ?? RuntimeRole(socket));
        }

        var status = FileStatus.OfDescriptor(fd);
        var kind = DescriptorKinds.Of(target, status);
        var path = target.StartsWith('/') ? target : null;

        // The kernel appends the mark to the path of an unlinked file; a link count of 0 tells it
        // from a file whose name really ends that way.
        var deleted = path is not null && path.EndsWith(DeletedMark, StringComparison.Ordinal) && status is not { LinkCount: > 0 };
        if (deleted)
        {
            path = path![..^DeletedMark.Length];
        }

        return new DescriptorInfo(
            fd,
            kind,
            target,
            path,
            deleted,
            Local: null,
            Remote: null,
            State: null,
            Listening: false,
            flags,
            DescriptorKinds.HasOffset(kind) ? info?.Position : null,
            role);
    }

    /// <summary>
    /// The files of the loaded assemblies: the runtime's loader holds each open for as long as the process
    /// runs, usually twice on Linux (once to read the file, once for its image as mapped).
    /// </summary>
    private static HashSet<string> LoadedAssemblyFiles()
        => AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => !assembly.IsDynamic)
            .Select(assembly => assembly.Location)
            .Where(location => location.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The runtime's diagnostic port (EventPipe, dumps: what dotnet-trace and the agent's own tools
    /// connect to), a listening Unix socket named <c>dotnet-diagnostic-&lt;pid&gt;-&lt;key&gt;-socket</c>:
    /// marked so that <c>fd-export --listeners</c> never hands it to a server as one of its own.
    /// </summary>
    private static string? RuntimeRole(SocketEntry? socket)
        => socket is { Kind: DescriptorKinds.Unix, Listening: true, Local: { } path }
            && Path.GetFileName(path).StartsWith(DiagnosticPortPrefix, StringComparison.Ordinal)
            && path.EndsWith("-socket", StringComparison.Ordinal)
            ? "runtime: diagnostic port"
            : null;

    private static string? LinkTarget(int fd)
    {
        try
        {
            return new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}")).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The inode of <c>socket:[12345]</c>.</summary>
    private static ulong? SocketInode(string target)
        => target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']')
            && ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? inode
            : null;
}
