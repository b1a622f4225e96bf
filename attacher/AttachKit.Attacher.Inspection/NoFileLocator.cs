using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection;

/// <summary>
/// ClrMD's file lookup, turned off: by default it downloads images it cannot read from memory from a public
/// symbol server into a cache under TMPDIR, where, world-writable as /tmp is, another user could have put
/// files of their choosing. A live process has every image it needs in memory.
/// </summary>
internal sealed class NoFileLocator : IFileLocator
{
    public static DataTargetOptions Options => new() { SymbolPaths = [], FileLocator = new NoFileLocator() };

    public string? FindPEImage(string fileName, int buildTimeStamp, int imageSize, bool checkProperties) => null;

    public string? FindPEImage(string fileName, SymbolProperties archivedUnder, ImmutableArray<byte> buildIdOrUUID, OSPlatform originalPlatform, bool checkProperties) => null;
}
