using System.Runtime.InteropServices;

namespace AttachKit.Linux.Signals;

/// <summary>Sets a signal's disposition to SIG_DFL or SIG_IGN (signal(2)); no handler of AttachKit's ever runs in signal context.</summary>
internal static partial class SignalDisposition
{
    private const nint Default = 0;
    private const nint Ignored = 1;
    private const nint Failed = -1;

    public static void ResetToDefault(int signal) => Set(signal, Default);

    public static void Ignore(int signal) => Set(signal, Ignored);

    private static void Set(int signal, nint disposition)
    {
        if (SignalCall(signal, disposition) == Failed)
        {
            throw new InvalidOperationException($"could not set the disposition of signal {signal}: {Errno.Describe(Errno.Last)}");
        }
    }

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint SignalCall(int signal, nint disposition);
}
