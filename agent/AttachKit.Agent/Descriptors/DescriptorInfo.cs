using System.Text;

namespace AttachKit.Agent.Descriptors;

/// <summary>One open descriptor of this process, as <c>fds</c> and <c>fd-export</c> report it.</summary>
/// <param name="Fd">Its number.</param>
/// <param name="Kind">One of <see cref="DescriptorKinds"/>.</param>
/// <param name="Target">What /proc/self/fd/&lt;fd&gt; links to, as the kernel says it.</param>
/// <param name="Path">The file it refers to (without the " (deleted)" mark), for kinds that have one.</param>
/// <param name="Deleted">The file was unlinked while open.</param>
/// <param name="Local">A socket's own address (ip:port, a Unix path, or @name for an abstract one).</param>
/// <param name="Remote">A connected socket's peer address.</param>
/// <param name="State">A TCP state (LISTEN, ESTABLISHED, …), or a Unix socket's (LISTEN, CONNECTED, UNCONNECTED).</param>
/// <param name="Listening">A TCP or Unix socket that accepts connections.</param>
/// <param name="Flags">Open flags from fdinfo (O_RDWR, O_APPEND, O_CLOEXEC, …).</param>
/// <param name="Offset">The file offset from fdinfo, for kinds that have one.</param>
/// <param name="Role">When the agent or the runtime holds it, what for ("agent: attach listener", "runtime: diagnostic port").</param>
internal sealed record DescriptorInfo(
    int Fd,
    string Kind,
    string Target,
    string? Path,
    bool Deleted,
    string? Local,
    string? Remote,
    string? State,
    bool Listening,
    IReadOnlyList<string> Flags,
    long? Offset,
    string? Role)
{
    /// <summary>One line for people: the path, the addresses and state, or the kernel's name for it.</summary>
    public string What
    {
        get
        {
            var text = new StringBuilder();
            switch (Kind)
            {
                case DescriptorKinds.Tcp or DescriptorKinds.Udp or DescriptorKinds.Unix:
                    text.Append(Local ?? "(unnamed)");
                    if (Remote is not null)
                    {
                        text.Append(" -> ").Append(Remote);
                    }

                    if (State is not null)
                    {
                        text.Append(' ').Append(State);
                    }

                    break;
                case var _ when Path is not null:
                    text.Append(Path).Append(Deleted ? " (deleted)" : "");
                    break;
                default:
                    text.Append(Target);
                    break;
            }

            if (Role is not null)
            {
                text.Append(" [").Append(Role).Append(']');
            }

            return text.ToString();
        }
    }
}
