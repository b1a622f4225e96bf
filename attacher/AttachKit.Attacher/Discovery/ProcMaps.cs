using System.Buffers;

namespace AttachKit.Attacher.Discovery;

/// <summary>What a process's memory map (proc(5) maps) shows of the .NET runtime, of the agent and of a JVM.</summary>
/// <param name="Runtime">libcoreclr.so is mapped: a .NET process (framework-dependent, or self-contained but not single-file).</param>
/// <param name="Agent">AttachKit.Agent.dll is mapped: managed assemblies are mmapped, so it shows for framework-dependent apps (docs/INTERNALS.md, "Processes, files and credentials").</param>
/// <param name="HotSpot">libjvm.so is mapped and OpenJ9's VM is not: a HotSpot JVM (the java launcher loads it).</param>
/// <param name="OpenJ9">libj9vm*.so is mapped: an Eclipse OpenJ9 JVM, which maps a libjvm.so of its own too.</param>
/// <param name="RuntimeDirectory">The directory libcoreclr.so is mapped from (…/Microsoft.NETCore.App/&lt;version&gt; for a framework-dependent app), as the process's root sees it.</param>
/// <param name="InjectedHook">The agent's startup hook is mapped: the attacher loaded the agent (or tried to: the app may have refused it).</param>
/// <param name="GenericHost">Microsoft.Extensions.Hosting.dll is mapped: a Generic Host app, whose console lifetime stops it on SIGQUIT.</param>
internal readonly record struct MappedModules(bool Runtime, bool Agent, bool HotSpot, bool OpenJ9, string? RuntimeDirectory = null, bool InjectedHook = false, bool GenericHost = false);

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

    private static ReadOnlySpan<byte> HookName => "/AttachKit.Agent.StartupHook.dll"u8;

    private static ReadOnlySpan<byte> HostingName => "/Microsoft.Extensions.Hosting.dll"u8;

    // A maps line's path is carried whole from one chunk to the next up to this length: the runtime's is
    // read for its version.
    private const int LongestPathKept = 1024;

    /// <exception cref="UnauthorizedAccessException">Another user's process (maps needs ptrace read access).</exception>
    /// <exception cref="IOException">The process exited.</exception>
    public static MappedModules Read(string mapsPath)
    {
        // A name cut by a chunk boundary is found in the next window, which starts with the last bytes of this one.
        var carried = LongestPathKept;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + carried);
        try
        {
            using var maps = new FileStream(mapsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            bool runtime = false, agent = false, jvm = false, openJ9 = false, hook = false, hosting = false;
            string? runtimeDirectory = null;
            var kept = 0;
            int read;
            while (!openJ9 && (read = maps.Read(buffer, kept, ChunkBytes)) > 0)
            {
                var window = buffer.AsSpan(0, kept + read);
                if (!runtime && window.IndexOf(RuntimeName) is var at and >= 0)
                {
                    runtime = true;
                    runtimeDirectory = DirectoryOf(window, at);
                }

                agent = agent || window.IndexOf(AgentName) >= 0;
                jvm = jvm || window.IndexOf(HotSpotName) >= 0;
                openJ9 = window.IndexOf(OpenJ9Name) >= 0;
                hook = hook || window.IndexOf(HookName) >= 0;
                hosting = hosting || window.IndexOf(HostingName) >= 0;
                kept = Math.Min(carried, window.Length);
                window[^kept..].CopyTo(buffer);
            }

            return new MappedModules(runtime, agent, jvm && !openJ9, openJ9, runtimeDirectory, hook, hosting);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The directory of the file whose name ends at `at` in a maps line: the path starts at the line's first
    // '/', after the address, permissions, offset, device and inode columns. Null when the line was cut.
    private static string? DirectoryOf(ReadOnlySpan<byte> window, int at)
    {
        var lineStart = window[..at].LastIndexOf((byte)'\n') + 1;
        var pathStart = window[lineStart..at].IndexOf((byte)'/');
        return lineStart == 0 || pathStart < 0 ? null : System.Text.Encoding.UTF8.GetString(window[(lineStart + pathStart)..at]);
    }
}
