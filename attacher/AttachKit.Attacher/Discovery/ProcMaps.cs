using System.Buffers;

namespace AttachKit.Attacher.Discovery;

/// <summary>What a process's memory map (proc(5) maps) shows of the .NET runtime, of the agent and of a JVM.</summary>
/// <param name="Runtime">libcoreclr.so is mapped: a .NET process (framework-dependent, or self-contained but not single-file).</param>
/// <param name="Agent">AttachKit.Agent.dll is mapped: managed assemblies are mmapped, so it shows for framework-dependent apps (docs/INTERNALS.md, "Processes, files and credentials").</param>
/// <param name="HotSpot">libjvm.so is mapped and OpenJ9's VM is not: a HotSpot JVM (the java launcher loads it).</param>
/// <param name="OpenJ9">libj9vm*.so is mapped: an Eclipse OpenJ9 JVM, which maps a libjvm.so of its own too.</param>
internal readonly record struct MappedModules(bool Runtime, bool Agent, bool HotSpot, bool OpenJ9);

/// <summary>
/// Reads /proc/&lt;pid&gt;/maps in one pass, in chunks, searching the bytes for the file names
/// rather than splitting lines: a .NET process maps thousands of regions, and <c>attachkit list</c>
/// reads every process's map. A file deleted since it was mapped (" (deleted)") still counts.
/// </summary>
internal static class ProcMaps
{
    private const int ChunkBytes = 64 * 1024;

    private static ReadOnlySpan<byte> RuntimeName => "/libcoreclr.so"u8;

    private static ReadOnlySpan<byte> AgentName => "/AttachKit.Agent.dll"u8;

    private static ReadOnlySpan<byte> HotSpotName => "/libjvm.so"u8;

    private static ReadOnlySpan<byte> OpenJ9Name => "/libj9vm"u8;

    /// <exception cref="UnauthorizedAccessException">Another user's process (maps needs ptrace read access).</exception>
    /// <exception cref="IOException">The process exited.</exception>
    public static MappedModules Read(string mapsPath)
    {
        // The longest name, less one byte: a name cut by a chunk boundary is found in the next window.
        var carried = Math.Max(RuntimeName.Length, AgentName.Length) - 1;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + carried);
        try
        {
            using var maps = new FileStream(mapsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            bool runtime = false, agent = false, jvm = false, openJ9 = false;
            var kept = 0;
            int read;
            while (!(runtime && agent) && !openJ9 && (read = maps.Read(buffer, kept, ChunkBytes)) > 0)
            {
                var window = buffer.AsSpan(0, kept + read);
                runtime = runtime || window.IndexOf(RuntimeName) >= 0;
                agent = agent || window.IndexOf(AgentName) >= 0;
                jvm = jvm || window.IndexOf(HotSpotName) >= 0;
                openJ9 = window.IndexOf(OpenJ9Name) >= 0;
                kept = Math.Min(carried, window.Length);
                window[^kept..].CopyTo(buffer);
            }

            return new MappedModules(runtime, agent, jvm && !openJ9, openJ9);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
