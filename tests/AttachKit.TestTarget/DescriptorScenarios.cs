using System.Globalization;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AttachKit.TestTarget;

/// <summary>Scenarios that hold descriptors open for <c>fds</c> and <c>fd-export</c> to find.</summary>
internal static class DescriptorScenarios
{
    // Held for the life of the process: a collected stream would close its descriptor.
    private static readonly List<IDisposable> Held = [];

    /// <summary>
    /// A TCP listener on 127.0.0.1, a file held open, a pipe whose read end a thread echoes to stdout
    /// ("pipe: …" lines), and a file deleted while open. Prints
    /// <c>fds listener=… port=… file=… file-path=… pipe-read=… pipe-write=… deleted=… deleted-path=…</c>.
    /// </summary>
    public static void HeldOpen(string[] args)
    {
        AgentScenarios.Installed(args);
        var directory = Path.GetTempPath();
        var listener = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();

        var filePath = Path.Combine(directory, "held.txt");
        File.WriteAllText(filePath, "held file content\n");
        var file = Hold(new FileStream(filePath, FileMode.Open, FileAccess.Read));

        var pipe = Hold(new AnonymousPipeServerStream(PipeDirection.In));
        new Thread(() => EchoPipe(pipe)) { IsBackground = true, Name = "pipe-reader" }.Start();

        var deletedPath = Path.Combine(directory, "deleted.log");
        var deleted = Hold(new FileStream(deletedPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        deleted.Write("recover me\nline two\n"u8);
        deleted.Flush();
        File.Delete(deletedPath);

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"fds listener={listener.Handle} port={((IPEndPoint)listener.LocalEndPoint!).Port} file={file.SafeFileHandle.DangerousGetHandle()} file-path={filePath} pipe-read={pipe.SafePipeHandle.DangerousGetHandle()} pipe-write={pipe.ClientSafePipeHandle.DangerousGetHandle()} deleted={deleted.SafeFileHandle.DangerousGetHandle()} deleted-path={deletedPath}"));
    }

    /// <summary>
    /// Opens N files (default 1000) whose content is their number, and prints their descriptors in
    /// opening order as <c>many-fds fds=7-506,509-1008</c>.
    /// </summary>
    public static void Many(string[] args)
    {
        AgentScenarios.Installed([]);
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "many")).FullName;
        var numbers = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(path, i.ToString(CultureInfo.InvariantCulture));
            numbers.Add((int)Hold(new FileStream(path, FileMode.Open, FileAccess.Read)).SafeFileHandle.DangerousGetHandle());
        }

        Console.WriteLine($"many-fds fds={Ranges(numbers)}");
    }

    private static T Hold<T>(T disposable)
        where T : IDisposable
    {
        Held.Add(disposable);
        return disposable;
    }

    private static void EchoPipe(Stream pipe)
    {
        using var reader = new StreamReader(pipe, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            Console.WriteLine($"pipe: {line}");
        }
    }

    private static string Ranges(List<int> numbers)
    {
        var ranges = new StringBuilder();
        for (var i = 0; i < numbers.Count;)
        {
            var end = i;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1)
            {
                end++;
            }

            ranges.Append(ranges.Length > 0 ? "," : "").Append(numbers[i]);
            if (end > i)
            {
                ranges.Append('-').Append(numbers[end]);
            }

            i = end + 1;
        }

        return ranges.ToString();
    }
}
