using AttachKit.Agent.EventPipe;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// Named sets of EventPipe providers for <c>trace --profile</c>, after dotnet-trace's. Keyword bits of
/// Microsoft-Windows-DotNETRuntime (ClrTraceEventParser.Keywords): GC 0x1, GCHandle 0x2, Loader 0x8,
/// Jit 0x10, Contention 0x4000, Exception 0x8000, Threading 0x10000, Stack 0x40000000.
/// </summary>
internal static class TraceProfiles
{
    public const string Runtime = "Microsoft-Windows-DotNETRuntime";
    public const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    // dotnet-trace's default runtime keywords: GC, loader, JIT, exceptions, contention, threading,
    // type and stack events at informational level, the cheap set PerfView expects with CPU samples.
    private const long DefaultRuntimeKeywords = 0x14C14FCCBD;
    private const long Stack = 0x40000000;

    public static IReadOnlyDictionary<string, (string Description, EventPipeProvider[] Providers)> All { get; } =
        new Dictionary<string, (string, EventPipeProvider[])>(StringComparer.Ordinal)
        {
            ["cpu"] = ("CPU samples of managed stacks every ms, with the runtime's default events", [
                new(SampleProfiler, EventPipeLevel.Informational, 0xF00000000000),
                new(Runtime, EventPipeLevel.Informational, DefaultRuntimeKeywords)]),
            ["gc"] = ("every GC event: collections, heap sizes, handles, allocation ticks, exceptions", [
                new(Runtime, EventPipeLevel.Verbose, 0x1 | 0x2 | 0x8000)]),
            ["gc-collect"] = ("GC start and end only: cheapest way to see collections", [
                new(Runtime, EventPipeLevel.Informational, 0x1),
                new("Microsoft-Windows-DotNETRuntimePrivate", EventPipeLevel.Informational, 0x1)]),
            ["exceptions"] = ("exceptions thrown and caught, with stacks", [
                new(Runtime, EventPipeLevel.Informational, 0x8000 | Stack)]),
            ["contention"] = ("lock contention, with stacks", [
                new(Runtime, EventPipeLevel.Informational, 0x4000 | Stack)]),
            ["threadpool"] = ("thread pool thread injection and work items", [
                new(Runtime, EventPipeLevel.Verbose, 0x10000)]),
            ["jit"] = ("methods compiled and assemblies loaded", [
                new(Runtime, EventPipeLevel.Verbose, 0x10 | 0x8)]),
            ["counters"] = ("the System.Runtime event counters, every second", [
                new("System.Runtime", EventPipeLevel.Informational, -1, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" })]),
        };
}
