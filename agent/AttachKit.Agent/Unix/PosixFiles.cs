namespace AttachKit.Agent.Unix;

/// <summary>File operations the listener needs, with errors that name the path and the errno.</summary>
internal static class PosixFiles
{
    private const uint OwnerReadWrite = 0x180; // 0600

    public static uint EffectiveUid => Libc.GetEffectiveUid();

    /// <summary>chmod(2) to owner read and write only.</summary>
    public static void MakeOwnerOnly(string path) => Check(Libc.Chmod(path, OwnerReadWrite), "chmod", path);

    /// <summary>rename(2): atomically replaces whatever is at <paramref name="to"/> (a symlink itself, never its target).</summary>
    public static void Rename(string from, string to) => Check(Libc.Rename(from, to), "rename", $"{from} -> {to}");

    /// <summary>unlink(2): removes the name itself, never what a symlink points to.</summary>
    public static void Unlink(string path) => Check(Libc.Unlink(path), "unlink", path);

    private static void Check(int result, string call, string what)
    {
        if (result != 0)
        {
            throw new IOException($"{call} {what}: {Libc.LastError()}");
        }
    }
}
