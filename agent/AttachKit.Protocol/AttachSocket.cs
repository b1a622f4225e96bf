using System.Globalization;

namespace AttachKit.Protocol;

/// <summary>Where an agent publishes its socket.</summary>
public static class AttachSocket
{
    /// <summary>The longest path a Unix socket address holds (sun_path is 108 bytes, NUL included).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>The file name of the socket of process <paramref name="pid"/>: <c>.attach_pid&lt;pid&gt;</c>.</summary>
    public static string FileName(int pid) => string.Create(CultureInfo.InvariantCulture, $".attach_pid{pid}");

    /// <summary>The directory sockets live in for an environment: <c>TMPDIR</c>, or <c>/tmp</c> when it is unset or empty.</summary>
    public static string DirectoryFor(string? tmpDir) => string.IsNullOrEmpty(tmpDir) ? "/tmp" : tmpDir;

    /// <summary>The full socket path of process <paramref name="pid"/> in <paramref name="directory"/>.</summary>
    public static string PathIn(string directory, int pid) => Path.Combine(directory, FileName(pid));
}
