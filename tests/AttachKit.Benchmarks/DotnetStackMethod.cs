using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;

namespace AttachKit.Benchmarks;

/// <summary>
/// The .NET baseline: what <c>dotnet-stack report</c> does, from this process: an EventPipe session on
/// the target's diagnostic port (sample profiler, default rundown and buffer), 10 ms, stop, the trace
/// copied to a file, converted to ETLX, and the first stack of each thread printed through TraceLog.
/// </summary>
internal static class DotnetStackMethod
{
    public static async Task<int> ReportAsync(int pid, TextWriter output)
    {
        var nettrace = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".nettrace");
        var etlx = "";
        try
        {
            var client = new DiagnosticsClient(pid);
            var providers = new List<EventPipeProvider> { new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational) };
            using (var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true))
            using (var file = File.OpenWrite(nettrace))
            {
                var copy = session.EventStream.CopyToAsync(file);
                await Task.Delay(TimeSpan.FromMilliseconds(10));
                await session.StopAsync(CancellationToken.None);
                await copy;
            }

            etlx = TraceLog.CreateFromEventPipeDataFile(nettrace);
            using var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = "" };
            using var log = new TraceLog(etlx);
            var stacks = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
            new SampleProfilerThreadTimeComputer(log, symbols).GenerateThreadTimeStacks(stacks);
            var firstByThread = new Dictionary<string, StackSourceSample>();
            stacks.ForEach(sample =>
            {
                var thread = ThreadFrame(stacks, sample.StackIndex);
                if (!firstByThread.ContainsKey(thread))
                {
                    firstByThread[thread] = sample;
                }
            });

            foreach (var (thread, sample) in firstByThread)
            {
                output.WriteLine(thread);
                for (var index = sample.StackIndex; !Name(stacks, index).StartsWith("Thread (", StringComparison.Ordinal); index = stacks.GetCallerIndex(index))
                {
                    output.WriteLine($"  {Name(stacks, index)}");
                }
            }

            return firstByThread.Count;
        }
        finally
        {
            File.Delete(nettrace);
            if (etlx.Length > 0)
            {
                File.Delete(etlx);
            }
        }
    }

    private static string ThreadFrame(StackSource stacks, StackSourceCallStackIndex index)
    {
        while (!Name(stacks, index).StartsWith("Thread (", StringComparison.Ordinal))
        {
            index = stacks.GetCallerIndex(index);
        }

        return Name(stacks, index);
    }

    private static string Name(StackSource stacks, StackSourceCallStackIndex index) => stacks.GetFrameName(stacks.GetFrameIndex(index), verboseName: false);
}
