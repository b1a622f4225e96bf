using System.Globalization;
using AttachKit.Attacher.Inspection.Locks;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>
/// A target's runtime read from outside with ClrMD, the process paused (ptrace) while it is open: the
/// tests' own way to open it, with the target's own DAC (libmscordaccore.so beside its libcoreclr.so).
/// </summary>
internal sealed class TargetRuntime : IDisposable
{
    private readonly DataTarget _target;

    private TargetRuntime(DataTarget target, ClrRuntime runtime)
    {
        _target = target;
        Runtime = runtime;
    }

    public ClrRuntime Runtime { get; }

    public static TargetRuntime Open(int pid)
    {
        var coreclr = File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/maps"))
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].EndsWith("/libcoreclr.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();
        var dac = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/root") + Path.Combine(Path.GetDirectoryName(coreclr)!, "libmscordaccore.so");
        var target = DataTarget.AttachToProcess(pid, suspend: true);
        try
        {
            // ClrMD reads .NET 10's version as 0.0: the DAC is the target's own, so the mismatch is none.
            return new TargetRuntime(target, target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true));
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>Opens the target, inspects its locks and lets it go.</summary>
    public static LockReport InspectLocks(int pid)
    {
        using var opened = Open(pid);
        return LockInspector.Inspect(opened.Runtime, CancellationToken.None);
    }

    public void Dispose()
    {
        Runtime.Dispose();
        _target.Dispose();
    }
}
