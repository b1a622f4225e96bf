using System.Runtime.InteropServices;

namespace AttachKit.Testing;

/// <summary>
/// A root of its own for a process, as a container has one, built from this machine's files: in a
/// new mount namespace (private: none of its mounts shows on the host), a tmpfs on an empty
/// directory with the system's directories, the dotnet install and the program's directory bound in
/// read-only, /dev, a /proc of its own and an empty /tmp (1777). The host sees the directory empty
/// throughout, so removing it never reaches what is bound in.
/// </summary>
public static class OwnRoot
{
    private static readonly string[] SystemDirectories = ["/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc"];

    /// <summary>The dotnet host the tests run on, by the absolute path it also has in the root.</summary>
    public static string Dotnet => Path.Combine(DotnetRoot, "dotnet");

    // The shared runtime's directory is <install>/shared/Microsoft.NETCore.App/<version>/.
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>
    /// The command line that builds the root in <paramref name="root"/> (an empty directory), with
    /// <paramref name="programDirectory"/> bound in at its own path, and runs what follows it on the
    /// command line chrooted there (as root: unshare and mount need it).
    /// </summary>
    public static IReadOnlyList<string> CommandLine(string root, string programDirectory)
    {
        // A deeper directory is bound only where the system's directories do not show it already: mkdir -p
        // then only ever creates directories in the tmpfs (the bound ones are read-only anyway).
        var script = $$"""
            set -e
            r={{Quote(root)}}
            mount -t tmpfs -o mode=0755 tmpfs "$r"
            for d in {{string.Join(' ', SystemDirectories.Select(Quote))}}; do
              if [ -L "$d" ]; then ln -s "$(readlink "$d")" "$r$d"
              elif [ -d "$d" ]; then mkdir "$r$d" && mount -o bind,ro "$d" "$r$d"; fi
            done
            # /tmp first: a program directory under /tmp (a checkout there) is bound below it.
            mkdir -m 1777 "$r/tmp"
            for d in {{Quote(DotnetRoot)}} {{Quote(programDirectory)}}; do
              if [ ! -e "$r$d" ]; then mkdir -p "$r$d" && mount -o bind,ro "$d" "$r$d"; fi
            done
            mkdir "$r/dev" "$r/proc"
            mount --rbind /dev "$r/dev"
            mount -t proc proc "$r/proc"
            exec chroot "$r" "$@"
            """;
        return ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh"];
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
