using System.Runtime.InteropServices;

namespace AttachKit.Linux.Files;

/// <summary>
/// open(2) flags. Two of them are numbered differently on ARM (asm-generic/fcntl.h against
/// arch/arm*/include/uapi/asm/fcntl.h): O_DIRECTORY and O_NOFOLLOW.
/// </summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    /// <summary>An open(2) mode argument: owner read and write (0600).</summary>
    public const int OwnerReadWrite = 0x180;

    /// <summary>An open(2) mode argument: owner read, write and search (0700).</summary>
    public const int OwnerOnlyDirectory = 0x1C0;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6;

    public static int Directory { get; } = Arm ? 0x4000 : 0x10000;

    public static int NoFollow { get; } = Arm ? 0x8000 : 0x20000;
}
