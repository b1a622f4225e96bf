using System.Text;
using AttachKit.Protocol;

namespace AttachKit.Agent.Injection;

/// <summary>
/// The agent's way in when the attacher loaded it into a process that never referenced it: the startup hook
/// (agent/AttachKit.Agent.StartupHook) finds this by name, in the load context it made for the agent, and
/// calls <see cref="Start"/> on the runtime's diagnostic server thread. Everything after that is the agent as
/// <c>AttachAgent.Install()</c> makes it, with its defaults.
/// </summary>
internal static class InjectedAgent
{
    // What the attacher writes is a line; a longer file is not its.
    private const int LongestInjector = 256;

    /// <summary>Installs the agent and publishes its socket; never throws, since the hook runs on a thread whose exception ends the process.</summary>
    /// <param name="directory">Where the attacher placed the agent, with its <see cref="AgentInjection.InjectorFileName"/>.</param>
    /// <returns>The result line for the attacher (<see cref="AgentInjection.ResultFileName"/>).</returns>
    public static string Start(string directory)
    {
        try
        {
            return AttachAgent.Inject(new AttachAgentOptions(), Injector(directory));
        }
        catch (Exception e)
        {
            return "failed " + e.Message;
        }
    }

    // "pid 1234 uid 0", as the attacher wrote it: its own statement, made as this process's user in a
    // directory only that user and root can write (docs/SECURITY.md). Anything else is logged as unknown.
    private static string Injector(string directory)
    {
        try
        {
            using var file = new FileStream(Path.Combine(directory, AgentInjection.InjectorFileName), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var bytes = new byte[LongestInjector];
            var length = file.Read(bytes);
            var fields = Encoding.ASCII.GetString(bytes, 0, length).Trim().Split(' ');
            return fields is ["pid", var pid, "uid", var uid] && IsNumber(pid) && IsNumber(uid)
                ? $"pid {pid} uid {uid}"
                : "an attacher that did not say who it is";
        }
        catch (IOException)
        {
            return "an attacher that did not say who it is";
        }
    }

    // A loop, not LINQ: the first LINQ call in a process that never used it maps and compiles much.
    private static bool IsNumber(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
