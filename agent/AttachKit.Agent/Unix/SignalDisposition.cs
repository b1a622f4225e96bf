using Mono.Unix.Native;

namespace AttachKit.Agent.Unix;

/// <summary>Sets a signal's disposition to SIG_DFL or SIG_IGN (signal(2)), through Mono.Unix.</summary>
internal static class SignalDisposition
{
    public static void ResetToDefault(int signal) => Set(signal, SignalAction.Default);

    public static void Ignore(int signal) => Set(signal, SignalAction.Ignore);

    private static void Set(int signal, SignalAction action)
    {
        var signum = NativeConvert.ToSignum(signal);
        if (Stdlib.SetSignalAction(signum, action) != 0)
        {
            throw new InvalidOperationException($"could not set the disposition of signal {signal}: {Stdlib.GetLastError()}");
        }
    }
}
