using Microsoft.Diagnostics.Tracing.Etlx;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// The public-API way to the stacks: TraceLog, which converts the capture to a temporary ETLX file and
/// resolves each sample's stack itself (what dotnet-stack does). Slower, by the conversion (README.md,
/// "Performance"); used when <see cref="StackAddresses"/> finds TraceEvent's internals changed.
/// </summary>
internal static class TraceLogStacks
{
    private const string ProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";

    public static Dictionary<int, IReadOnlyList<StackFrame>> Parse(ReadOnlyMemory<byte> nettrace)
    {
        var directory = Directory.CreateTempSubdirectory("attachkit-");
        try
        {
            var tracePath = Path.Combine(directory.FullName, "capture.nettrace");
            using (var file = File.Create(tracePath))
            {
                file.Write(nettrace.Span);
            }

            var etlxPath = TraceLog.CreateFromEventPipeDataFile(tracePath, Path.Combine(directory.FullName, "capture.etlx"));
            using var log = new TraceLog(etlxPath);
            var stacks = new Dictionary<int, IReadOnlyList<StackFrame>>();
            foreach (var data in log.Events)
            {
                if (data.ProviderName != ProfilerProvider || stacks.ContainsKey(data.ThreadID) || !data.EventName.EndsWith("Sample", StringComparison.Ordinal))
                {
                    continue;
                }

                var frames = new List<StackFrame>();
                for (var stack = data.CallStack(); stack is not null; stack = stack.Caller)
                {
                    var method = stack.CodeAddress.Method;
                    frames.Add(new StackFrame(method is null ? null : Name(method), stack.CodeAddress.Address));
                }

                stacks[data.ThreadID] = frames;
            }

            return stacks;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // TraceLog names a method "Namespace.Type.Method(signature)": cut to what the rundown path
    // shows, so that both ways give the same frames.
    private static string Name(TraceMethod method)
    {
        var name = method.FullMethodName;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? name[..paren] : name;
    }
}
