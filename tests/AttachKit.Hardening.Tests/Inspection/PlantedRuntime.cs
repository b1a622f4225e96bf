using System.Diagnostics;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Inspection;

/// <summary>
/// A copy of the .NET host and runtime owned by another user, its libmscordaccore.so replaced by a
/// library that, when loaded, writes who loaded it (uid, euid, supplementary groups) and whether it
/// could open the terminal into a marker file: what a user who controls a runtime's files can plant.
/// </summary>
internal sealed class PlantedRuntime : IDisposable
{
    private readonly ScratchDirectory _scratch;

    private PlantedRuntime(ScratchDirectory scratch, string root)
    {
        _scratch = scratch;
        Root = root;
    }

    public string Root { get; }

    private string MarkerPath => Path.Combine(_scratch.Path, "loaded-by");

    /// <summary>The environment that makes a target run on this runtime.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PATH"] = Root + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["DOTNET_ROOT"] = Root,
    };

    public static PlantedRuntime Create(int owner)
    {
        var scratch = ScratchDirectory.Create();
        var root = Path.Combine(scratch.Path, "dotnet");
        var installed = Path.GetDirectoryName(Path.GetFullPath(System.Environment.ProcessPath!))!;
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        Directory.CreateDirectory(Path.Combine(root, "shared", "Microsoft.NETCore.App"));
        Run("cp", "-a", Path.Combine(installed, "dotnet"), Path.Combine(installed, "host"), root);
        Run("cp", "-a", framework, Path.Combine(root, "shared", "Microsoft.NETCore.App"));
        var planted = new PlantedRuntime(scratch, root);
        var dac = Path.Combine(root, "shared", "Microsoft.NETCore.App", Path.GetFileName(framework), "libmscordaccore.so");
        var source = Path.Combine(scratch.Path, "dac.c");
        File.WriteAllText(source, $$"""
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <stdio.h>
            #include <unistd.h>
            __attribute__((constructor)) static void loaded(void) {
                int tty = open("/dev/tty", O_RDWR | O_NOCTTY);
                FILE *marker = fopen("{{planted.MarkerPath}}", "w");
                if (marker) { fprintf(marker, "uid=%d euid=%d groups=%d tty=%s", getuid(), geteuid(), getgroups(0, NULL), tty >= 0 ? "yes" : "no"); fclose(marker); }
            }
            """);
        File.Delete(dac);
        Run("cc", "-shared", "-fPIC", "-o", dac, source);
        Run("chown", "-R", $"{owner}:{owner}", root);
        // The marker's directory: anyone may write the marker, which is what the planted code reports into.
        File.SetUnixFileMode(scratch.Path, (UnixFileMode)0x1FF);
        return planted;
    }

    /// <summary>What the planted library wrote when it was loaded; null when it never was.</summary>
    public string? Marker() => File.Exists(MarkerPath) ? File.ReadAllText(MarkerPath) : null;

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {errors}");
        }
    }

    public void Dispose() => _scratch.Dispose();
}
