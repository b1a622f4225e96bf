using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Tests;

/// <summary>Small files whose content is their number, held open, to tell received descriptors apart.</summary>
internal sealed class TestFiles : IDisposable
{
    private readonly string _directory;

    private TestFiles(string directory, IReadOnlyList<SafeFileHandle> handles)
    {
        _directory = directory;
        Handles = handles;
    }

    public IReadOnlyList<SafeFileHandle> Handles { get; }

    public IReadOnlyList<int> Numbers => Handles.Select(handle => (int)handle.DangerousGetHandle()).ToList();

    public static TestFiles Create(int count)
    {
        var directory = Directory.CreateTempSubdirectory("akf-").FullName;
        var handles = new List<SafeFileHandle>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(path, i.ToString(CultureInfo.InvariantCulture));
            handles.Add(File.OpenHandle(path));
        }

        return new TestFiles(directory, handles);
    }

    /// <summary>The content of the file a descriptor refers to, read at offset 0.</summary>
    public static string ContentOf(SafeFileHandle handle)
    {
        var buffer = new byte[32];
        var read = RandomAccess.Read(handle, buffer, 0);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>Whether close-on-exec is set, from fdinfo's flags (proc(5); O_CLOEXEC is 02000000).</summary>
    public static bool IsCloseOnExec(SafeFileHandle handle)
    {
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{handle.DangerousGetHandle()}")
            .Single(line => line.StartsWith("flags:", StringComparison.Ordinal))[6..].Trim();
        return (Convert.ToInt32(flags, 8) & 0x80000) != 0;
    }

    public void Dispose()
    {
        foreach (var handle in Handles)
        {
            handle.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
