using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AttachKit.Testing;

/// <summary>
/// What a program run by <see cref="ByteRunner"/> did, its output exactly as written (no decoding:
/// a lone byte that is not UTF-8 stays that byte). <see cref="ExitCode"/> is null when it was killed
/// for its time (<see cref="TimedOut"/>) or its memory (<see cref="KilledForMemory"/>).
/// </summary>
public sealed record ByteRunResult(int? ExitCode, byte[] Stdout, byte[] Stderr, TimeSpan Elapsed, bool TimedOut, bool KilledForMemory, long PeakRssKiB)
{
    /// <summary>
    /// Standard output for a failure message: printable ASCII, tab and newline as they are, every other byte
    /// as &lt;NN&gt; (so that a byte that came raw is told apart from text that reads "\x1b").
    /// </summary>
    public string StdoutText => Visible(Stdout);

    /// <summary>Standard error, shown as <see cref="StdoutText"/>.</summary>
    public string StderrText => Visible(Stderr);

    /// <summary>Whether standard output holds <paramref name="text"/>'s UTF-8 bytes.</summary>
    public bool StdoutHas(string text) => Stdout.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Whether standard error holds <paramref name="text"/>'s UTF-8 bytes.</summary>
    public bool StderrHas(string text) => Stderr.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public override string ToString() => Describe(withStdout: true);

    /// <summary>How it ended and what it wrote; <paramref name="withStdout"/> false leaves standard output out but its size (it may hold what must not reach a log).</summary>
    public string Describe(bool withStdout)
    {
        // A program that ends within the first sample has no peak to show.
        var peak = PeakRssKiB > 0 ? $" (peak RSS {PeakRssKiB / 1024} MiB)" : "";
        var end = TimedOut ? $"killed after {Elapsed.TotalSeconds:0.0} s (timed out)"
            : KilledForMemory ? $"killed after {Elapsed.TotalSeconds:0.0} s{peak}"
            : $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s{peak}";
        return $"{end}\n--- stdout ({Stdout.Length} bytes)\n{(withStdout ? Clip(StdoutText) : "(not shown)")}\n--- stderr ({Stderr.Length} bytes)\n{Clip(StderrText)}";
    }

    /// <summary>Bytes as text for a failure message: printable ASCII, tab and newline as they are, the rest as &lt;NN&gt;.</summary>
    public static string Visible(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is (>= 0x20 and < 0x7f) or (byte)'\n' or (byte)'\t' ? (char)b : string.Create(CultureInfo.InvariantCulture, $"<{b:x2}>"));
        }

        return text.ToString();
    }

    private static string Clip(string text) => text.Length <= 4000 ? text : text[..4000] + "…";
}

/// <summary>
/// Runs a program to its end and keeps its output as bytes. A program that passes its time, or
/// (when a limit is given) whose resident memory passes the limit, is killed by its pid and
/// reported as such rather than thrown: a test then says which of its facts failed. Its peak
/// resident memory (VmHWM of /proc/&lt;pid&gt;/status) is sampled while it runs.
/// </summary>
public static class ByteRunner
{
    // What is kept of each stream; the rest is read and dropped (a runaway writer must not fill the test's memory).
    private const int KeptBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    public static async Task<ByteRunResult> RunAsync(IReadOnlyList<string> commandLine, TimeSpan timeout, long? memoryLimitKiB = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        // A program it started may still hold the pipes after it ended: what came by then is enough.
        using var stopReading = new CancellationTokenSource();
        var stdout = KeepAsync(process.StandardOutput.BaseStream, stopReading.Token);
        var stderr = KeepAsync(process.StandardError.BaseStream, stopReading.Token);
        var exited = process.WaitForExitAsync();
        var peak = 0L;
        var (timedOut, tooBig) = (false, false);
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, PeakRssKiB(process.Id));
            if (memoryLimitKiB is { } limit && peak > limit)
            {
                tooBig = true;
                break;
            }

            if (clock.Elapsed > timeout)
            {
                timedOut = true;
                break;
            }

            await Task.WhenAny(exited, Task.Delay(SampleEvery));
        }

        if (timedOut || tooBig)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended just now.
            }

            await process.WaitForExitAsync();
        }

        await exited;
        var elapsed = clock.Elapsed;
        stopReading.CancelAfter(TimeSpan.FromSeconds(5));
        return new ByteRunResult(timedOut || tooBig ? null : process.ExitCode, await stdout, await stderr, elapsed, timedOut, tooBig, peak);
    }

    private static async Task<byte[]> KeepAsync(Stream stream, CancellationToken stop)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, stop)) > 0)
            {
                var room = KeptBytes - (int)kept.Length;
                kept.Write(buffer, 0, Math.Min(room, read));
            }
        }
        catch (OperationCanceledException)
        {
            // Still open 5 s after the program ended.
        }

        return kept.ToArray();
    }

    // The high-water mark of resident memory, 0 once the process is gone.
    private static long PeakRssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
