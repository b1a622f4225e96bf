using AttachKit.Benchmarks;

// Usage: AttachKit.Benchmarks <suite> [--runs N]. Each suite measures AttachKit and its anchor
// side by side in one run and prints medians and ratios.
var suites = BenchmarkSuites.All;
if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: AttachKit.Benchmarks <suite> [--runs N]; suites: {string.Join(", ", suites.Keys)}");
    return 2;
}

var runs = args.SkipWhile(arg => arg != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(20);
await suite(runs);
return 0;
