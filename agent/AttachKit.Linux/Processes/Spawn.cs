using System.Runtime.InteropServices;

namespace AttachKit.Linux.Processes;

/// <summary>
/// posix_spawn(3) with descriptors placed at 3, 4, … in the child, and waitpid(2): .NET's Process class
/// passes no descriptors besides 0–2, and forking a .NET process to run managed code in the child is not safe.
/// </summary>
internal static unsafe partial class Spawn
{
    private const int FirstPassedDescriptor = 3;
    private const short SetSignalDefault = 0x04; // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08; // POSIX_SPAWN_SETSIGMASK
    private const int BrokenPipe = 13; // SIGPIPE

    // Larger than posix_spawn_file_actions_t, posix_spawnattr_t (336 bytes in glibc) and sigset_t (128) anywhere.
    private const int OpaqueBytes = 1024;

    /// <summary>
    /// Starts <paramref name="argv"/>[0] (an absolute path) with <paramref name="descriptors"/> as fd 3, 4, …
    /// (close-on-exec cleared), the rest of this process's descriptors as they are (.NET opens its own
    /// close-on-exec), SIGPIPE back to its default (the runtime ignores it) and no signal blocked.
    /// </summary>
    /// <returns>The child's pid.</returns>
    /// <exception cref="IOException">posix_spawn failed.</exception>
    public static int Start(IReadOnlyList<string> argv, IReadOnlyList<string> environment, IReadOnlyList<int> descriptors)
    {
        var actions = NativeMemory.AllocZeroed(OpaqueBytes);
        var attributes = NativeMemory.AllocZeroed(OpaqueBytes);
        var signals = NativeMemory.AllocZeroed(OpaqueBytes);
        var strings = new List<IntPtr>();
        try
        {
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            PlaceDescriptors(actions, descriptors);
            Check(AttributesInit(attributes), "posix_spawnattr_init");
            Check(AttributesSetFlags(attributes, SetSignalDefault | SetSignalMask), "posix_spawnattr_setflags");
            SignalSetEmpty(signals);
            Check(AttributesSetSignalMask(attributes, signals), "posix_spawnattr_setsigmask");
            SignalSetAdd(signals, BrokenPipe);
            Check(AttributesSetSignalDefault(attributes, signals), "posix_spawnattr_setsigdefault");
            var arguments = Strings(argv, strings);
            var variables = Strings(environment, strings);
            var error = PosixSpawn(out var pid, (byte*)arguments[0], actions, attributes, arguments, variables);
            return error == 0 ? pid : throw new IOException($"could not start {argv[0]}: posix_spawn failed with errno {error}");
        }
        finally
        {
            FileActionsDestroy(actions);
            AttributesDestroy(attributes);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }

            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
        }
    }

    /// <summary>Waits for the child to end (blocking); returns its exit code, or 128 + the signal that killed it.</summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            if (WaitPid(pid, out var status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            if (Errno.Last is var errno && errno != Errno.Eintr)
            {
                throw Errno.Failure("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
            }
        }
    }

    // A received descriptor may sit at a number another must move to, so each is first copied above
    // every source and target, then moved into place; dup2 leaves the copies without close-on-exec.
    private static void PlaceDescriptors(void* actions, IReadOnlyList<int> descriptors)
    {
        var spare = Math.Max(descriptors.DefaultIfEmpty(0).Max(), FirstPassedDescriptor + descriptors.Count) + 1;
        for (var i = 0; i < descriptors.Count; i++)
        {
            Check(FileActionsAddDup2(actions, descriptors[i], spare + i), "posix_spawn_file_actions_adddup2");
        }

        for (var i = 0; i < descriptors.Count; i++)
        {
            Check(FileActionsAddDup2(actions, spare + i, FirstPassedDescriptor + i), "posix_spawn_file_actions_adddup2");
            Check(FileActionsAddClose(actions, spare + i), "posix_spawn_file_actions_addclose");
        }
    }

    private static byte** Strings(IReadOnlyList<string> values, List<IntPtr> owned)
    {
        var array = (byte**)Marshal.AllocCoTaskMem((values.Count + 1) * sizeof(byte*));
        owned.Add((IntPtr)array);
        for (var i = 0; i < values.Count; i++)
        {
            var text = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(text);
            array[i] = (byte*)text;
        }

        array[values.Count] = null;
        return array;
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new IOException($"{call} failed with errno {error}");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int FileActionsAddDup2(void* actions, int descriptor, int newDescriptor);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclose")]
    private static partial int FileActionsAddClose(void* actions, int descriptor);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttributesSetSignalDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SignalSetEmpty(void* signals);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static partial int SignalSetAdd(void* signals, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);
}
