using System.Runtime.InteropServices;

namespace AttachKit.Agent.Unix;

/// <summary>Linux signal numbers (signal(7)) for <see cref="PosixSignal"/> values.</summary>
internal static class SignalNumbers
{
    public static int Of(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ when (int)signal > 0 => (int)signal,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a Linux signal"),
    };
}
