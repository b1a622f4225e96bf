using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>
/// A live process paused and opened with ClrMD as the CLI opens it: attached (ptrace), with the target's own DAC
/// (ClrMD reports .NET 10 as version 0.0, hence no version check). For the tests only, until the attacher's own
/// way of opening a target is there to use instead; disposing it detaches and the process runs on.
/// </summary>
internal sealed class PausedRuntime : IDisposable
{
    private readonly DataTarget _target;

    private PausedRuntime(DataTarget target, ClrRuntime runtime)
    {
        _target = target;
        Runtime = runtime;
    }

    public ClrRuntime Runtime { get; }

    public static PausedRuntime Open(int pid)
    {
        var coreclr = File.ReadLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].EndsWith("/libcoreclr.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();
        var dac = $"/proc/{pid}/root" + Path.Combine(Path.GetDirectoryName(coreclr)!, "libmscordaccore.so");
        var target = DataTarget.AttachToProcess(pid, suspend: true);
        try
        {
            return new PausedRuntime(target, target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true));
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>Fails unless the process runs on: not stopped (state T) and traced by nobody.</summary>
    public static void AssertRunsOn(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim());
        Assert.False(status["State"].StartsWith('T') || status["State"].StartsWith('t'), $"process {pid} is stopped: {status["State"]}");
        Assert.Equal(0, int.Parse(status["TracerPid"], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        Runtime.Dispose();
        _target.Dispose();
    }
}
