using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// Turns the agent's raw EventPipe capture into one stack per thread: the first sample the profiler
/// took of each thread (its first pass covers every managed thread at the same moment), with its
/// addresses named by the rundown's method map.
/// </summary>
internal static class CaptureParser
{
    /// <summary>
    /// Stacks by tid, innermost frame first, parsed as the trace streams in from <paramref name="body"/>
    /// (positioned at the trace); threads the profiler never sampled are absent.
    /// </summary>
    /// <exception cref="InvalidDataException">The capture is not a valid trace, or holds no sample at all.</exception>
    public static ParsedCapture Parse(CapturedBody body)
    {
        var traceStart = (int)body.Position;
        var parsed = StackAddresses.IsAvailable ? TryParseWithAddresses(body) : null;
        if (parsed is null)
        {
            body.ReadToEnd();
            parsed = new ParsedCapture(TraceLogStacks.Parse(body.Copy[traceStart..]), Methods: null);
        }

        if (parsed.Stacks.Count == 0)
        {
            throw new InvalidDataException("the capture holds no stack sample: the target's sample profiler did not run during the session");
        }

        return parsed;
    }

    /// <summary>The fast way (TraceEvent's internals); null when they do not look as expected.</summary>
    internal static ParsedCapture? TryParseWithAddresses(Stream nettrace)
    {
        var samples = new Dictionary<int, ulong[]>();
        var methods = new MethodMap();
        var internalsChanged = false;
        using (var source = new EventPipeEventSource(nettrace))
        {
            var profiler = new SampleProfilerTraceEventParser(source);
            profiler.ThreadSample += data =>
            {
                if (internalsChanged || samples.ContainsKey(data.ThreadID))
                {
                    return;
                }

                try
                {
                    samples[data.ThreadID] = StackAddresses.Read(data);
                }
                catch (InvalidDataException)
                {
                    internalsChanged = true;
                }
            };
            var rundown = new ClrRundownTraceEventParser(source);
            rundown.MethodDCStopVerbose += data => methods.Add(data.MethodStartAddress, data.MethodSize, data.MethodNamespace, data.MethodName);
            source.Process();
        }

        return internalsChanged ? null : new ParsedCapture(samples.ToDictionary(sample => sample.Key, sample => methods.Resolve(sample.Value)), methods);
    }
}

/// <summary>What a capture holds: the first stack of each sampled thread (frames no method covers have no name).</summary>
/// <param name="Stacks">Stacks by tid, innermost frame first.</param>
/// <param name="Methods">The method map of the rundown (empty without one); null when TraceLog parsed the capture.</param>
internal sealed record ParsedCapture(Dictionary<int, IReadOnlyList<StackFrame>> Stacks, MethodMap? Methods);
