using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Processes;

/// <summary>
/// Runs a program held in memory in place of this process (memfd_create(2), then execv(2) of
/// <c>/proc/self/fd/&lt;n&gt;</c>): the same pid, descriptors, terminal and exit code. Since Linux 6.3 the
/// sysctl <c>vm.memfd_noexec</c> may forbid executing memfds: 1 makes a memfd created without MFD_EXEC
/// unexecutable, so it is asked for where the kernel knows it; 2 refuses executable memfds altogether.
/// </summary>
internal static partial class MemoryImage
{
    private const uint CloseOnExec = 0x1; // MFD_CLOEXEC
    private const uint Executable = 0x10; // MFD_EXEC, Linux 6.3
    private const string NoExecSetting = "/proc/sys/vm/memfd_noexec";

    /// <summary>Replaces this process with <paramref name="image"/>, run with <paramref name="argv"/> and this process's environment.</summary>
    /// <returns>Never on success; the reason it could not, naming vm.memfd_noexec's value where it matters.</returns>
    public static IOException Execute(Stream image, string name, IReadOnlyList<string> argv)
    {
        var memfd = MemfdCreate(name, CloseOnExec | Executable);
        if (memfd < 0 && Errno.Last == Errno.Einval)
        {
            // A kernel before 6.3 knows no MFD_EXEC: its memfds are executable anyway.
            memfd = MemfdCreate(name, CloseOnExec);
        }

        if (memfd < 0)
        {
            return Failed("memfd_create", Errno.Last);
        }

        // Open until execv, which closes it (MFD_CLOEXEC) once the new image runs; the stream must not close it.
        using var handle = new SafeFileHandle(memfd, ownsHandle: true);
        try
        {
            using var file = new FileStream(new SafeFileHandle(memfd, ownsHandle: false), FileAccess.Write);
            image.CopyTo(file);
        }
        catch (IOException e)
        {
            return new IOException($"writing the image to a memfd failed: {e.Message}", e);
        }

        var arguments = new nint[argv.Count + 1];
        try
        {
            for (var i = 0; i < argv.Count; i++)
            {
                arguments[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            _ = Execv(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{memfd}"), arguments);
            return Failed("execv", Errno.Last);
        }
        finally
        {
            foreach (var argument in arguments)
            {
                Marshal.FreeCoTaskMem(argument);
            }
        }
    }

    private static IOException Failed(string call, int errno)
    {
        var setting = ReadSetting();
        var why = setting switch
        {
            null => "",
            "0" => $"; vm.memfd_noexec is 0 here",
            _ => $"; vm.memfd_noexec is {setting} here, which forbids executing memfds" + (setting == "1" ? " made without MFD_EXEC" : ""),
        };
        return new IOException($"{call} failed: {Errno.Describe(errno)}{why}");
    }

    private static string? ReadSetting()
    {
        try
        {
            return File.ReadAllText(NoExecSetting).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, nint[] argv);
}
