using AttachKit.Linux.Files;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;
using Microsoft.Diagnostics.Tracing.Stacks.Formats;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// Converts a saved .nettrace's CPU samples to speedscope JSON with TraceEvent's own pipeline, the
/// one dotnet-trace uses: nettrace → ETLX (a temporary file) → thread-time stacks → speedscope
/// writer. Managed frames only (EventPipe samples only managed stacks); method names come from the
/// trace's rundown, so no symbol server is asked. In its own class so that TraceEvent is loaded
/// only when a conversion is asked for. Its ETLX reader makes objects by type name: a NativeAOT
/// build keeps their constructors (NativeAot/TraceEvent.Descriptor.xml).
/// </summary>
internal static class SpeedscopeConverter
{
    /// <summary><c>t.nettrace</c> → <c>t.speedscope.json</c>.</summary>
    public static string PathFor(string nettrace) => Path.ChangeExtension(nettrace, ".speedscope.json");

    /// <summary>Writes <paramref name="output"/> as a new file (<see cref="NewFile"/>); TraceEvent's own files stay in a private directory.</summary>
    public static void Convert(string nettrace, string output)
    {
        // TraceEvent writes its ETLX file and the JSON by path, deleting and recreating them: it only ever
        // writes in a directory of this process's own (mkdtemp(3), mode 0700).
        var work = Directory.CreateTempSubdirectory("attachkit-speedscope-");
        try
        {
            var etlx = Path.Combine(work.FullName, "trace.etlx");
            var json = Path.Combine(work.FullName, Path.GetFileName(output));
            TraceLog.CreateFromEventPipeDataFile(nettrace, etlx, new TraceLogOptions { ContinueOnError = true });
            using (var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = "" })
            using (var log = new TraceLog(etlx))
            {
                var stacks = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
                var computer = new SampleProfilerThreadTimeComputer(log, symbols) { IncludeEventSourceEvents = false };
                computer.GenerateThreadTimeStacks(stacks);
                SpeedScopeStackSourceWriter.WriteStackViewAsJson(stacks, json);
            }

            using var file = NewFile.Create(output);
            using (var converted = File.OpenRead(json))
            {
                converted.CopyTo(file.Stream);
            }

            file.Commit();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
