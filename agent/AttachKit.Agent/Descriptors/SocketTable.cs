using System.Globalization;

namespace AttachKit.Agent.Descriptors;

/// <summary>
/// Finds sockets by inode in the tables of this process's network namespace (proc(5):
/// /proc/self/net/tcp, tcp6, udp, udp6, unix). The tables list every socket of the namespace, so they
/// are streamed line by line and only the inodes asked for are kept.
/// </summary>
internal static class SocketTable
{
    private const int UnixAcceptingConnections = 0x10000; // __SO_ACCEPTCON in the Flags column

    public static IReadOnlyDictionary<ulong, SocketEntry> Find(IReadOnlySet<ulong> inodes, string directory = "/proc/self/net")
    {
        var found = new Dictionary<ulong, SocketEntry>();
        if (inodes.Count == 0)
        {
            return found;
        }

        foreach (var (table, kind) in new[] { ("tcp", DescriptorKinds.Tcp), ("tcp6", DescriptorKinds.Tcp), ("udp", DescriptorKinds.Udp), ("udp6", DescriptorKinds.Udp), ("unix", DescriptorKinds.Unix) })
        {
            foreach (var line in Lines(Path.Combine(directory, table)))
            {
                var parsed = kind == DescriptorKinds.Unix ? ParseUnix(line) : ParseInet(line, kind);
                if (parsed is var (inode, entry) && inodes.Contains(inode))
                {
                    found[inode] = entry;
                }
            }

            if (found.Count == inodes.Count)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>A line of tcp/udp(6): <c>sl local remote st tx:rx tr:when retrnsmt uid timeout inode …</c>.</summary>
    public static (ulong Inode, SocketEntry Entry)? ParseInet(string line, string kind)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10 || !ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return null;
        }

        var state = int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var tcp = kind == DescriptorKinds.Tcp;
        var listening = tcp && state == 10;
        return (inode, new SocketEntry(
            kind,
            NetAddresses.Parse(fields[1])?.ToString(),
            NetAddresses.Parse(fields[2])?.ToString(),
            tcp ? NetAddresses.TcpState(state) : null,
            listening));
    }

    /// <summary>A line of unix: <c>Num RefCount Protocol Flags Type St Inode [Path]</c>; the path may hold spaces.</summary>
    public static (ulong Inode, SocketEntry Entry)? ParseUnix(string line)
    {
        var rest = line.AsSpan();
        Span<Range> fields = stackalloc Range[7];
        var offset = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            while (offset < rest.Length && rest[offset] == ' ')
            {
                offset++;
            }

            var start = offset;
            while (offset < rest.Length && rest[offset] != ' ')
            {
                offset++;
            }

            if (start == offset)
            {
                return null;
            }

            fields[i] = start..offset;
        }

        if (!ulong.TryParse(rest[fields[6]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            || !int.TryParse(rest[fields[3]], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
            || !int.TryParse(rest[fields[5]], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var socketState))
        {
            return null;
        }

        var path = offset + 1 < rest.Length ? rest[(offset + 1)..].ToString() : null;
        var listening = (flags & UnixAcceptingConnections) != 0;
        var state = listening ? "LISTEN" : socketState switch
        {
            1 => "UNCONNECTED",
            2 => "CONNECTING",
            3 => "CONNECTED",
            4 => "DISCONNECTING",
            _ => null,
        };
        return (inode, new SocketEntry(DescriptorKinds.Unix, path, null, state, listening));
    }

    private static IEnumerable<string> Lines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // The first line is the header.
        return File.ReadLines(path).Skip(1);
    }
}
