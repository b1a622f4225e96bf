using System.Globalization;
using System.Runtime.InteropServices;
using AttachKit.Linux.Processes;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.DataReaders.Implementation;

namespace AttachKit.Attacher.Inspection;

/// <summary>
/// ClrMD's reader of a live process, for a process in a pid namespace of its own (a container): the
/// runtime knows its threads by the ids they have in there, while ptrace and /proc know them by the ids
/// they have here. Registers are asked for by the runtime's id and read by ours; everything else is
/// ClrMD's own reader.
/// </summary>
internal sealed class NamespacedThreadReader : IDataReader, IThreadReader, IDisposable
{
    private readonly IDataReader _inner;
    private Dictionary<uint, uint> _hostByInside;

    private NamespacedThreadReader(IDataReader inner, Dictionary<uint, uint> hostByInside)
    {
        _inner = inner;
        _hostByInside = hostByInside;
    }

    /// <summary>
    /// <paramref name="inner"/> itself when the target's threads have the same ids inside as here; else a
    /// reader that maps them (from each thread's NSpid in proc(5) status, read while they are held still).
    /// </summary>
    public static IDataReader For(IDataReader inner, int pid)
    {
        var hostByInside = Read(pid);
        return hostByInside.All(pair => pair.Key == pair.Value) ? inner : new NamespacedThreadReader(inner, hostByInside);
    }

    // Each thread's id inside (its innermost NSpid) and here.
    private static Dictionary<uint, uint> Read(int pid)
    {
        var hostByInside = new Dictionary<uint, uint>();
        var task = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task");
        foreach (var directory in Directory.EnumerateDirectories(task))
        {
            if (!uint.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var host))
            {
                continue;
            }

            try
            {
                hostByInside[(uint)ProcStatus.Read(directory, (int)host).NamespacePid] = host;
            }
            catch (IOException)
            {
                // The thread exited.
            }
        }

        return hostByInside;
    }

    public string DisplayName => _inner.DisplayName;

    public bool IsThreadSafe => _inner.IsThreadSafe;

    public OSPlatform TargetPlatform => _inner.TargetPlatform;

    public Architecture Architecture => _inner.Architecture;

    public int ProcessId => _inner.ProcessId;

    public int PointerSize => _inner.PointerSize;

    public IEnumerable<ModuleInfo> EnumerateModules() => _inner.EnumerateModules();

    public bool GetThreadContext(uint threadID, uint contextFlags, Span<byte> context)
        => _hostByInside.TryGetValue(threadID, out var host) && _inner.GetThreadContext(host, contextFlags, context);

    public IEnumerable<uint> EnumerateOSThreadIds() => _hostByInside.Keys;

    public ulong GetThreadTeb(uint osThreadId) => 0;

    /// <summary>Forgets what was read, the threads included: their ids are read again (threads started since are known then).</summary>
    public void FlushCachedData()
    {
        _inner.FlushCachedData();
        _hostByInside = Read(_inner.ProcessId);
    }

    public int Read(ulong address, Span<byte> buffer) => _inner.Read(address, buffer);

    public bool Read<T>(ulong address, out T value)
        where T : unmanaged => _inner.Read(address, out value);

    public T Read<T>(ulong address)
        where T : unmanaged => _inner.Read<T>(address);

    public bool ReadPointer(ulong address, out ulong value) => _inner.ReadPointer(address, out value);

    public ulong ReadPointer(ulong address) => _inner.ReadPointer(address);

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
