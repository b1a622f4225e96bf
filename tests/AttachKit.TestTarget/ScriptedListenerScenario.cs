using System.Globalization;
using System.Net.Sockets;

namespace AttachKit.TestTarget;

/// <summary>
/// A process that is its own listener, speaking whatever bytes the test scripted: for the attacher's
/// handling of replies (cut off, malformed, endless, silent) from a listener that is the target itself,
/// as the attacher checks. Arguments: <c>agent|jvm</c> (listen at the agent's <c>$TMPDIR/.attach_pid&lt;pid&gt;</c>
/// or at HotSpot's <c>/tmp/.java_pid&lt;pid&gt;</c>), the file holding the reply, and <c>hold</c> to keep each
/// connection open after the reply. Prints <c>connection &lt;n&gt;</c> when one is accepted and
/// <c>request &lt;n&gt;</c> once its request was read and the reply sent. The socket is removed at exit.
/// </summary>
internal static class ScriptedListenerScenario
{
    public static void Listen(string[] args)
    {
        var pid = Environment.ProcessId;
        var path = args[0] == "jvm"
            ? string.Create(CultureInfo.InvariantCulture, $"/tmp/.java_pid{pid}")
            : Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $".attach_pid{pid}"));
        var reply = File.ReadAllBytes(args[1]);
        var hold = args.Contains("hold");

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        File.Delete(path);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(8);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        new Thread(() => Serve(listener, reply, hold)) { IsBackground = true, Name = "scripted-listener" }.Start();
    }

    private static void Serve(Socket listener, byte[] reply, bool hold)
    {
        var held = new List<Socket>();
        for (var count = 1; ; count++)
        {
            var connection = listener.Accept();
            Say($"connection {count}");
            try
            {
                connection.Receive(new byte[64 * 1024]);
                connection.Send(reply);
                Say($"request {count}");
            }
            catch (SocketException)
            {
                // The client went away first.
            }

            if (hold)
            {
                held.Add(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    private static void Say(string line)
    {
        lock (Console.Out)
        {
            Console.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
