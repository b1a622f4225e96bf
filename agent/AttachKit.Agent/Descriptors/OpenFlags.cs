namespace AttachKit.Agent.Descriptors;

/// <summary>The open flags fdinfo shows (proc(5): octal, as open(2) takes them; O_CLOEXEC included when set).</summary>
internal static class OpenFlags
{
    // Linux's generic values (include/uapi/asm-generic/fcntl.h, used by x86-64 and arm64). O_LARGEFILE
    // is left out: the kernel forces it on every file of a 64-bit process, so it says nothing.
    private static readonly (int Bit, string Name)[] Named =
    [
        (0x40, "O_CREAT"),
        (0x80, "O_EXCL"),
        (0x100, "O_NOCTTY"),
        (0x200, "O_TRUNC"),
        (0x400, "O_APPEND"),
        (0x800, "O_NONBLOCK"),
        (0x1000, "O_DSYNC"),
        (0x2000, "O_ASYNC"),
        (0x4000, "O_DIRECT"),
        (0x10000, "O_DIRECTORY"),
        (0x20000, "O_NOFOLLOW"),
        (0x40000, "O_NOATIME"),
        (0x80000, "O_CLOEXEC"),
        (0x100000, "O_SYNC"),
        (0x200000, "O_PATH"),
        (0x400000, "O_TMPFILE"),
    ];

    /// <summary>The access mode first (O_RDONLY, O_WRONLY or O_RDWR), then every other flag set.</summary>
    public static IReadOnlyList<string> Names(int flags)
    {
        var names = new List<string>
        {
            (flags & 3) switch { 0 => "O_RDONLY", 1 => "O_WRONLY", 2 => "O_RDWR", _ => "O_ACCMODE" },
        };
        foreach (var (bit, name) in Named)
        {
            if ((flags & bit) != 0)
            {
                names.Add(name);
            }
        }

        // O_SYNC is __O_SYNC|O_DSYNC and O_TMPFILE is __O_TMPFILE|O_DIRECTORY: the whole's name replaces its part's.
        if (names.Contains("O_SYNC"))
        {
            names.Remove("O_DSYNC");
        }

        if (names.Contains("O_TMPFILE"))
        {
            names.Remove("O_DIRECTORY");
        }

        return names;
    }

    /// <summary>For text: <c>rdwr,append,cloexec</c>.</summary>
    public static string Short(IReadOnlyList<string> names)
        => string.Join(',', names.Select(name => name[2..].ToLowerInvariant()));
}
