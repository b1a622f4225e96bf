using System.Globalization;
using System.Reflection;

namespace AttachKit.TestTarget;

/// <summary>
/// The agent (options as for "agent"), plus stdin commands that change the runtime's state for the
/// runtime diagnostics tests: <c>allocate &lt;MiB&gt;</c> keeps that much alive, <c>drop</c> lets it go;
/// <c>flood &lt;n&gt;</c> queues n thread-pool work items that block until the process exits;
/// <c>spin</c> starts a thread that burns CPU in <see cref="SpinForever"/>; <c>load-bytes</c>
/// loads an assembly from a byte array; <c>throw &lt;n&gt;</c> throws and catches n exceptions.
/// </summary>
internal static class RuntimeScenarios
{
    private static readonly List<byte[]> Kept = [];
    private static readonly ManualResetEventSlim Never = new(false);

    public static void Runtime(string[] args)
    {
        AgentScenarios.Installed(args);
        StdinCommands.Register("allocate", words => Allocate(int.Parse(words[0], CultureInfo.InvariantCulture)));
        StdinCommands.Register("drop", _ => Kept.Clear());
        StdinCommands.Register("flood", words => Flood(int.Parse(words[0], CultureInfo.InvariantCulture)));
        StdinCommands.Register("spin", _ => new Thread(SpinForever) { IsBackground = true, Name = "spinner" }.Start());
        StdinCommands.Register("throw", words => Throw(int.Parse(words[0], CultureInfo.InvariantCulture)));
        StdinCommands.Register("load-bytes", _ => Assembly.Load(File.ReadAllBytes(typeof(RuntimeScenarios).Assembly.Location)));
    }

    // 1 MiB arrays, each touched so that the memory is really committed.
    private static void Allocate(int mebibytes)
    {
        for (var i = 0; i < mebibytes; i++)
        {
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)i);
            Kept.Add(block);
        }
    }

    private static void Flood(int items)
    {
        for (var i = 0; i < items; i++)
        {
            ThreadPool.QueueUserWorkItem(_ => Never.Wait());
        }
    }

    private static void Throw(int count)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                throw new InvalidOperationException("thrown on purpose");
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static void SpinForever()
    {
        var x = 0L;
        while (true)
        {
            x = unchecked((x * 31) + 7);
            if (x == 42)
            {
                Console.WriteLine("never");
            }
        }
    }
}
