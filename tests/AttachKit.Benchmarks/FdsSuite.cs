using System.Globalization;
using System.Net.Sockets;
using System.Text;
using AttachKit.Attacher;
using AttachKit.Protocol;
using AttachKit.Linux.Sockets;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>fds</c>: exporting 1 and 1000 descriptors from a live target (library, socket already up; and
/// the CLI with --exec), against the floor of the same framing in-process over a socket pair; then one
/// zero-downtime handoff under loopback load.
/// </summary>
internal static class FdsSuite
{
    public static async Task RunAsync(int runs)
    {
        using var target = await TargetApp.StartAsync("many-fds", "1000");
        var numbers = DescriptorNumbers.Parse(target.Facts("many-fds")["fds"]);
        var client = new AttachClient();
        (await client.ExportDescriptorsAsync(target.Pid, numbers)).Dispose();

        var one = await TimeAsync($"fd-export 1 descriptor (library)", runs, () => client.ExportDescriptorsAsync(target.Pid, numbers.Take(1)));
        var thousand = await TimeAsync($"fd-export 1000 descriptors (library)", runs, () => client.ExportDescriptorsAsync(target.Pid, numbers));
        var floor = await FloorAsync(numbers.Count, runs);
        var cli = new Samples("fd-export 1000 --exec -- true (CLI process)");
        var arguments = string.Join(',', DescriptorExport.Arguments(numbers));
        for (var i = 0; i < runs; i++)
        {
            await cli.TimeAsync(async () =>
            {
                var result = await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "fd-export", arguments, "--exec", "--", "true");
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            });
        }

        Report.Print("fds: descriptor export", [one, thousand, floor, cli], [("1000 descriptors: agent vs in-process framing", thousand, floor)]);

        var handoff = await Handoff.RunAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine();
        Console.WriteLine($"== fds: zero-downtime handoff under loopback load (4 clients, one connection per request, {Environment.ProcessorCount} cores)");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"requests {handoff.Requests}  in {handoff.Duration.TotalSeconds:0.0} s  rate {handoff.RequestsPerSecond:0} /s  failed {handoff.Failures}  served by old {handoff.ServedByOld}  by new {handoff.ServedByNew}"));
    }

    private static async Task<Samples> TimeAsync(string name, int runs, Func<Task<DescriptorExport>> export)
    {
        var samples = new Samples(name);
        for (var i = 0; i < runs; i++)
        {
            await samples.TimeAsync(async () => (await export()).Dispose());
        }

        return samples;
    }

    /// <summary>The same body and batches through ReplyWriter and ReplyReader over a local socket pair: what any agent round trip adds to.</summary>
    private static async Task<Samples> FloorAsync(int count, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("akb-").FullName;
        var path = Path.Combine(directory, "s");
        using var listener = UnixSocket.Bind(path);
        listener.Listen(1);
        var stdin = Enumerable.Repeat(0, count).ToArray();
        var text = new StringBuilder();
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = text.Length;
            text.Append(CultureInfo.InvariantCulture, $"{i} 0 file /dev/null\n");
        }

        var body = Encoding.ASCII.GetBytes(text.ToString());
        var samples = new Samples($"{count} descriptors, in-process framing over a socket pair");
        for (var i = 0; i < runs; i++)
        {
            using var receiver = UnixSocket.TryConnect(path, out var errno) ?? throw new IOException($"connect failed: errno {errno}");
            using var sender = listener.Accept();
            await samples.TimeAsync(async () =>
            {
                var writing = Task.Run(() =>
                {
                    var writer = new ReplyWriter(new UnixSocketTransport(sender, Timeout.InfiniteTimeSpan));
                    writer.WriteWithDescriptors(body, stdin, starts);
                    writer.End(ReplyStatus.Ok);
                });
                var reader = new ReplyReader(new UnixSocketTransport(receiver, Timeout.InfiniteTimeSpan));
                await reader.ReadStatusAsync();
                await reader.CopyBodyToAsync(Stream.Null);
                await writing;
                foreach (var handle in reader.TakeDescriptors())
                {
                    handle.Dispose();
                }
            });
        }

        Directory.Delete(directory, recursive: true);
        return samples;
    }
}
