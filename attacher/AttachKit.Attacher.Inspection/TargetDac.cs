using System.Globalization;
using AttachKit.Linux;
using AttachKit.Linux.Files;

namespace AttachKit.Attacher.Inspection;

/// <summary>
/// The target runtime's own data-access library (libmscordaccore.so, "the DAC"), which ClrMD loads to
/// read the runtime's structures: the one beside the libcoreclr.so the target maps, the only one that
/// matches it exactly. It is code from the target's files, run in this process: it is opened once,
/// inside the target's root (a container's files stay in the container), never through a symlink, and
/// only if no one but root or this process's user (the target's, docs/SECURITY.md) could have written it
/// or its directory; ClrMD loads it through the descriptor held here (/proc/self/fd/N), so the file
/// checked is the file loaded.
/// </summary>
internal sealed class TargetDac : IDisposable
{
    private const string RuntimeFile = "libcoreclr.so";
    private const string DacFile = "libmscordaccore.so";
    private const string Deleted = " (deleted)";
    private const int GroupOrOtherWrite = 0x12;

    private readonly FileStream _file;

    private TargetDac(FileStream file, string described)
    {
        _file = file;
        Described = described;
    }

    /// <summary>The path ClrMD loads it from: this process's descriptor of the file checked.</summary>
    public string LoadPath => string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{_file.SafeFileHandle.DangerousGetHandle()}");

    /// <summary>Where it is, as the target sees it.</summary>
    public string Described { get; }

    /// <exception cref="InspectionRefusedException">The target maps no runtime, its runtime was replaced since it started, there is no DAC beside it, or the DAC could have been written by another user.</exception>
    /// <exception cref="TargetNotFoundException">The process exited.</exception>
    public static TargetDac Open(int pid)
    {
        var target = TargetProcess.Find(pid);
        var runtime = RuntimePath(target);
        if (runtime.EndsWith(Deleted, StringComparison.Ordinal))
        {
            throw new InspectionRefusedException($"process {pid} runs a runtime whose files were replaced or removed since it started ({runtime}): the runtime beside it would not match it; restart the process to inspect it");
        }

        var directory = Path.GetDirectoryName(runtime)!;
        using var opened = target.OpenDirectory(directory);
        var file = opened.OpenRegularForReading(DacFile)
            ?? throw new InspectionRefusedException($"process {pid} has no {DacFile} beside its runtime in {directory} (a trimmed self-contained app ships none): it cannot be read from outside");
        try
        {
            Trust(FileStatus.OfHandle(opened.Handle), directory);
            Trust(FileStatus.OfHandle(file.SafeFileHandle), Path.Combine(directory, DacFile));
            return new TargetDac(file, Path.Combine(directory, DacFile));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // Written by no one but root or this user: anyone else could put their code into the reading process.
    private static void Trust(FileStatus status, string described)
    {
        var owner = status.OwnerUid;
        if ((owner != Credentials.RootUid && owner != Credentials.EffectiveUid) || (status.Mode & GroupOrOtherWrite) != 0)
        {
            throw new InspectionRefusedException($"{described} is owned by uid {owner} with mode {Convert.ToString(status.PermissionBits, 8)}: another user could have written it, so it is not loaded (it must be owned by root or uid {Credentials.EffectiveUid} and not writable by group or others)");
        }
    }

    // The libcoreclr.so line of the maps, as the target sees the path (" (deleted)" kept).
    private static string RuntimePath(TargetProcess target)
    {
        try
        {
            foreach (var line in File.ReadLines(target.ProcDirectory + "/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    continue;
                }

                var path = line[slash..];
                var name = path.EndsWith(Deleted, StringComparison.Ordinal) ? path[..^Deleted.Length] : path;
                if (name.EndsWith("/" + RuntimeFile, StringComparison.Ordinal))
                {
                    return path;
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new AttachPermissionException($"cannot read /proc/{target.Pid}/maps: attach as the process's owner or root");
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"no process with pid {target.Pid}");
        }

        throw new InspectionRefusedException($"process {target.Pid} maps no {RuntimeFile}: not a .NET process, or a single-file or NativeAOT app, which cannot be read from outside");
    }

    public void Dispose() => _file.Dispose();
}
