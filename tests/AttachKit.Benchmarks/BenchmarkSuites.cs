namespace AttachKit.Benchmarks;

/// <summary>The suites, by name: each takes the number of runs per measurement.</summary>
internal static class BenchmarkSuites
{
    public static IReadOnlyDictionary<string, Func<int, Task>> All { get; } = new Dictionary<string, Func<int, Task>>
    {
        ["attach"] = AttachSuite.RunAsync,
        ["fds"] = FdsSuite.RunAsync,
        ["runtime"] = RuntimeSuite.RunAsync,
        ["hosted"] = HostedSuite.RunAsync,
        ["threads"] = ThreadsSuite.RunAsync,
        ["list"] = ListSuite.RunAsync,
        ["jvm"] = JvmSuite.RunAsync,
        ["startup"] = StartupSuite.RunAsync,
        ["baseline"] = BaselineSuite.RunAsync,
        ["userns"] = UserNamespaceSuite.RunAsync,
        ["plain"] = PlainAppSuite.RunAsync,
        ["inject"] = InjectSuite.RunAsync,
        ["tasks"] = TasksSuite.RunAsync,
        ["inspect"] = InspectSuite.RunAsync,
    };
}
