namespace AttachKit.Attacher.Injection;

/// <summary>The .NET runtime version of a process, as far as its files tell it without asking it.</summary>
internal static class RuntimeVersion
{
    /// <summary>The oldest runtime that applies a startup hook in a running process (the diagnostic port's ApplyStartupHook).</summary>
    public static readonly Version Oldest = new(8, 0);

    /// <summary>
    /// The version of a framework-dependent app's runtime, from the directory its libcoreclr.so is mapped from
    /// (…/shared/Microsoft.NETCore.App/&lt;version&gt;); null for any other directory (a self-contained app's).
    /// </summary>
    public static Version? FromRuntimeDirectory(string? directory)
        => directory is not null && Path.GetFileName(Path.GetDirectoryName(directory)) == "Microsoft.NETCore.App"
            ? Parse(Path.GetFileName(directory))
            : null;

    /// <summary>"8.0.11" or "9.0.0-rc.1.24431.7" as a version (major, minor, patch); null when it is none.</summary>
    public static Version? Parse(string? text)
    {
        var release = text?.Split('-', 2)[0];
        return Version.TryParse(release, out var version) ? version : null;
    }
}
