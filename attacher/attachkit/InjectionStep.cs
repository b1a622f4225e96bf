using System.Text;
using AttachKit.Attacher;
using AttachKit.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Cli;

/// <summary>
/// <c>--inject</c>: loads the agent into a .NET process that lacks it before the command is sent
/// (<see cref="AgentInjector"/>), and says on stderr what it did, or that the agent was there already and
/// nothing was loaded. Its own words and a pid only, written with write(2) as standard output is
/// (<see cref="StandardOutput"/>).
/// </summary>
internal static class InjectionStep
{
    private static readonly SafeFileHandle StandardError = new(2, ownsHandle: false);

    /// <summary>An agent that listens already: nothing to load, and nothing more of the process to read to say so.</summary>
    public static void NoteListening(int pid) => Note($"process {pid} has the AttachKit agent already, listening: nothing was loaded");

    /// <summary>Loads the agent unless the process has it, and says which.</summary>
    /// <exception cref="AttachException">It could not be loaded; the message says why.</exception>
    public static void Run(int pid, AttachClientOptions options)
        => Note(new AgentInjector(options).Inject(pid) switch
        {
            InjectionOutcome.Loaded => $"loaded the AttachKit agent into process {pid} through its runtime's diagnostic port; it stays there until the process exits",
            InjectionOutcome.AlreadyInjected => $"process {pid} has the AttachKit agent already, loaded into it before: nothing was loaded",
            _ => $"process {pid} has the AttachKit agent already, installed by the app: nothing was loaded",
        });

    private static void Note(string message)
        => Descriptors.WriteAll(StandardError, Encoding.UTF8.GetBytes($"attachkit: {message}\n"));
}
