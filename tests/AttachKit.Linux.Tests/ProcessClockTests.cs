using System.Diagnostics;
using AttachKit.Linux.Processes;

namespace AttachKit.Linux.Tests;

public class ProcessClockTests
{
    [Fact]
    public void ThisProcessStartedWhenTheRuntimeSaysItDid()
    {
        using var self = Process.GetCurrentProcess();
        var started = ProcessClock.ThisProcessStarted(File.ReadAllText("/proc/self/stat"));

        // Both count from boot in clock ticks (10 ms); uptime adds its own 10 ms steps.
        Assert.InRange((started - new DateTimeOffset(self.StartTime)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    [Theory]
    [InlineData("42 (dotnet) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 150000 1000 100 18446744073709551615", "2000.00 100.00", "2026-12-06T10:00:00Z", "2026-12-06T09:51:40Z")]
    [InlineData("7 (a) b (c)) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0", "200.55 3.00", "2026-12-06T10:00:00Z", "2026-12-06T09:58:42.900Z")]
    public void StartTicksCountFromBootAndTheCommMayHoldParentheses(string stat, string uptime, string now, string expected)
        => Assert.Equal(
            DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ProcessClock.At(uptime, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)).StartedAt(stat));
}
