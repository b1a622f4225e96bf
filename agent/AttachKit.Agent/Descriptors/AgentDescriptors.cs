namespace AttachKit.Agent.Descriptors;

/// <summary>
/// The descriptors the agent itself holds (its published listener, its clients' connections), by
/// number, so that <c>fds</c> can mark them and <c>fd-export</c> can refuse them.
/// </summary>
/// <remarks>
/// A holder releases its entry after closing the socket, never before: for a moment a number may be
/// marked that the app already reuses, but never can an agent socket go unmarked.
/// </remarks>
internal sealed class AgentDescriptors
{
    public const string Listener = "attach listener";

    public const string Connection = "attach connection";

    private readonly Lock _gate = new();
    private readonly Dictionary<int, Entry> _entries = [];

    /// <summary>Marks descriptor <paramref name="descriptor"/> as the agent's until the returned entry is disposed.</summary>
    public IDisposable Hold(int descriptor, string role)
    {
        var entry = new Entry(this, descriptor, role);
        lock (_gate)
        {
            _entries[entry.Descriptor] = entry;
        }

        return entry;
    }

    /// <summary>The agent's role for descriptor <paramref name="descriptor"/>, or null when it is not the agent's.</summary>
    public string? RoleOf(int descriptor)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(descriptor, out var entry) ? entry.Role : null;
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            // The number may already belong to a newer entry (closed, then reused by the next connection).
            if (_entries.TryGetValue(entry.Descriptor, out var current) && current == entry)
            {
                _entries.Remove(entry.Descriptor);
            }
        }
    }

    private sealed class Entry(AgentDescriptors owner, int descriptor, string role) : IDisposable
    {
        public int Descriptor { get; } = descriptor;

        public string Role { get; } = role;

        public void Dispose() => owner.Release(this);
    }
}
