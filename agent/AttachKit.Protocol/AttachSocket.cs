using System.Globalization;

namespace AttachKit.Protocol;

/// <summary>Where an agent publishes its socket (docs/PROTOCOL.md, "Where the socket is").</summary>
public static class AttachSocket
{
    /// <summary>The file name of the socket of process <paramref name="pid"/>: <c>.attach_pid&lt;pid&gt;</c>.</summary>
    public static string FileName(int pid) => string.Create(CultureInfo.InvariantCulture, $".attach_pid{pid}");

    /// <summary>The name the socket is bound under before it is renamed to <see cref="FileName"/>: <c>.attach_pid&lt;pid&gt;.tmp</c>.</summary>
    public static string TemporaryFileName(int pid) => FileName(pid) + ".tmp";

    /// <summary>
    /// How the private directories of process <paramref name="pid"/> begin: <c>.attachkit-&lt;pid&gt;-</c>, then
    /// random letters. An agent whose socket's name is taken by another user publishes in such a
    /// directory of its own (mode 0700) instead, under the same file name.
    /// </summary>
    public static string PrivateDirectoryPrefix(int pid) => string.Create(CultureInfo.InvariantCulture, $".attachkit-{pid}-");

    /// <summary>
    /// The directory sockets live in for a TMPDIR value: the value with <c>.</c>, <c>..</c> and repeated
    /// slashes resolved as names (never through the file system), or <c>/tmp</c> when it is unset, empty
    /// or not an absolute path.
    /// </summary>
    public static string DirectoryFor(string? tmpDir)
        => string.IsNullOrEmpty(tmpDir) || tmpDir[0] != '/' || tmpDir.Contains('\0', StringComparison.Ordinal)
            ? "/tmp"
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(tmpDir));

    /// <summary>The full socket path of process <paramref name="pid"/> in <paramref name="directory"/>.</summary>
    public static string PathIn(string directory, int pid) => Path.Combine(directory, FileName(pid));
}
