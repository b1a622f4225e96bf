namespace AttachKit.Agent.Descriptors;

/// <summary>A socket as the network tables in /proc/self/net describe it.</summary>
/// <param name="Kind"><see cref="DescriptorKinds.Tcp"/>, <see cref="DescriptorKinds.Udp"/> or <see cref="DescriptorKinds.Unix"/>.</param>
/// <param name="Local">Its own address: ip:port, a path, @name (abstract), or null (unnamed).</param>
/// <param name="Remote">The peer's ip:port, when connected (not known for Unix sockets).</param>
/// <param name="State">TCP: the kernel's state name; Unix: LISTEN, CONNECTED, UNCONNECTED…; UDP: null.</param>
/// <param name="Listening">Whether it accepts connections.</param>
internal sealed record SocketEntry(string Kind, string? Local, string? Remote, string? State, bool Listening);
