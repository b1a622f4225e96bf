using System.Runtime.InteropServices;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// Runs an action when Ctrl+C, SIGTERM or SIGHUP ends attachkit, before the signal ends it as it would
/// have (attachkit leaves these signals to their default otherwise: Program.cs). For what must not be
/// left behind, such as a half-written file.
/// </summary>
internal sealed class OnTermination : IDisposable
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private readonly PosixSignalRegistration[] _registrations;

    public OnTermination(Action action)
        => _registrations = Array.ConvertAll(Signals, signal => PosixSignalRegistration.Create(signal, _ => action()));

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
