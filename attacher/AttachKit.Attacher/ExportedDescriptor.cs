using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher;

/// <summary>
/// A descriptor received from a target (<c>fd-export</c>), owned by this process, with what the agent
/// said of it. It is the target's very open file or socket: reading it moves a shared file offset,
/// accepting on it takes connections the target would have taken.
/// </summary>
public sealed class ExportedDescriptor(SafeFileHandle handle, int index, int targetFd, string kind) : IDisposable
{
    /// <summary>The descriptor in this process (received close-on-exec).</summary>
    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Its place among the descriptors of the reply (0, 1, …).</summary>
    public int Index { get; } = index;

    /// <summary>Its number in the target.</summary>
    public int TargetFd { get; } = targetFd;

    /// <summary>Its kind as the agent names it: file, directory, pipe, tcp, udp, unix, …</summary>
    public string Kind { get; } = kind;

    /// <summary>The file it refers to, if any (a deleted file's former path).</summary>
    public string? Path { get; init; }

    /// <summary>Whether that file was deleted.</summary>
    public bool Deleted { get; init; }

    /// <summary>A socket's own address.</summary>
    public string? Local { get; init; }

    /// <summary>A connected socket's peer.</summary>
    public string? Remote { get; init; }

    /// <summary>Whether it is a listening socket.</summary>
    public bool Listening { get; init; }

    /// <summary>
    /// A name for LISTEN_FDNAMES (sd_listen_fds_with_names(3)): the kind and the address or path, in
    /// printable ASCII without ':' (the list separator), at most 255 characters.
    /// </summary>
    public string Name
    {
        get
        {
            var name = new StringBuilder(Kind);
            if ((Local ?? Path) is { } where)
            {
                name.Append('-');
                foreach (var c in where)
                {
                    name.Append(c is > ' ' and < '\x7f' and not ':' ? c : '_');
                }
            }

            return name.Length <= 255 ? name.ToString() : name.ToString(0, 255);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Handle.Dispose();
}
