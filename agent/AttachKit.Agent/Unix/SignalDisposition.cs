namespace AttachKit.Agent.Unix;

/// <summary>Sets a signal's disposition to SIG_DFL or SIG_IGN (signal(2)).</summary>
internal static class SignalDisposition
{
    public static void ResetToDefault(int signal) => Set(signal, Libc.SigDfl);

    public static void Ignore(int signal) => Set(signal, Libc.SigIgn);

    private static void Set(int signal, nint disposition)
    {
        if (Libc.Signal(signal, disposition) == Libc.SigErr)
        {
            throw new InvalidOperationException($"could not set the disposition of signal {signal}: {Libc.LastError()}");
        }
    }
}
