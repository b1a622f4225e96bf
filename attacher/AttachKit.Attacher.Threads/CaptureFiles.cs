using System.Globalization;
using AttachKit.Linux.Files;

namespace AttachKit.Attacher.Threads;

/// <summary>Keeps a capture that could not be parsed, for a bug report.</summary>
internal static class CaptureFiles
{
    /// <summary>Writes <paramref name="body"/> to a new file in the temporary directory, mode 0600 (method names can be private), never through one planted there.</summary>
    /// <returns>Its path, or null when it could not be written.</returns>
    public static string? TryKeep(ReadOnlyMemory<byte> body, int pid)
    {
        var path = Path.Combine(
            Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"attachkit-threads-{pid}-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Random.Shared.Next(0x10000):x4}.bin"));
        try
        {
            using var file = NewFile.Create(path);
            file.Stream.Write(body.Span);
            file.Commit();
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
