using System.Text.Json;
using AttachKit.Agent;
using AttachKit.Protocol;

namespace AttachKit.Samples.WebApi;

/// <summary>
/// The sample's own attach commands, over the cache the API uses:
/// <c>attachkit &lt;pid&gt; cache.stats [--json]</c> and <c>attachkit &lt;pid&gt; cache.clear</c>.
/// </summary>
internal static class CacheCommands
{
    public static AttachAgentOptions AddCacheCommands(this AttachAgentOptions options, ResultCache cache) => options
        .AddCommand("cache.stats", "entries, capacity, hits, misses and evictions of the prime-count cache", (request, output, _) =>
        {
            if (request.Arguments.Count > 0)
            {
                return new ReplyStatus(StatusCode.InvalidArguments, "'cache.stats' takes no arguments");
            }

            var stats = cache.Stats();
            if (request.Format == ReplyFormat.Json)
            {
                output.WriteLine(JsonSerializer.Serialize(stats, JsonSerializerOptions.Web));
                return ReplyStatus.Ok;
            }

            output.WriteLine($"Entries:   {stats.Entries} of {stats.Capacity}");
            output.WriteLine($"Hits:      {stats.Hits}");
            output.WriteLine($"Misses:    {stats.Misses}");
            output.WriteLine($"Hit ratio: {stats.HitRatio:0.000}");
            output.WriteLine($"Evictions: {stats.Evictions}");
            return ReplyStatus.Ok;
        })
        .AddCommand("cache.clear", "empty the prime-count cache (its counters stay)", (request, output, _) =>
        {
            if (request.Arguments.Count > 0)
            {
                return new ReplyStatus(StatusCode.InvalidArguments, "'cache.clear' takes no arguments");
            }

            output.WriteLine($"removed {cache.Clear()} entries");
            return ReplyStatus.Ok;
        });
}
