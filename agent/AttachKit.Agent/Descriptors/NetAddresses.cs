using System.Globalization;
using System.Net;

namespace AttachKit.Agent.Descriptors;

/// <summary>Addresses as /proc/net/tcp and its kin print them: <c>0100007F:1F90</c> is 127.0.0.1:8080.</summary>
internal static class NetAddresses
{
    /// <summary>
    /// Parses <c>ADDR:PORT</c>; null for the all-zero address and port of an unconnected peer.
    /// The address is the in-memory (network order) bytes printed as 32-bit words in host order,
    /// so each word's bytes are recovered in host order too.
    /// </summary>
    public static IPEndPoint? Parse(ReadOnlySpan<char> text)
    {
        var colon = text.IndexOf(':');
        var hex = text[..colon];
        var port = int.Parse(text[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (hex.Length is not (8 or 32))
        {
            throw new FormatException($"'{text}' is not an address of /proc/net");
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            var value = uint.Parse(hex.Slice(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4), value);
        }

        var address = new IPAddress(bytes);
        return port == 0 && bytes.All(b => b == 0) ? null : new IPEndPoint(address, port);
    }

    /// <summary>TCP states by number (include/net/tcp_states.h).</summary>
    public static string TcpState(int state) => state switch
    {
        1 => "ESTABLISHED",
        2 => "SYN_SENT",
        3 => "SYN_RECV",
        4 => "FIN_WAIT1",
        5 => "FIN_WAIT2",
        6 => "TIME_WAIT",
        7 => "CLOSE",
        8 => "CLOSE_WAIT",
        9 => "LAST_ACK",
        10 => "LISTEN",
        11 => "CLOSING",
        12 => "NEW_SYN_RECV",
        _ => string.Create(CultureInfo.InvariantCulture, $"state {state}"),
    };
}
