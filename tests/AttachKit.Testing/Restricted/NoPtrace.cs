using System.Diagnostics;

namespace AttachKit.Testing.Restricted;

/// <summary>
/// <c>no-ptrace</c> (no-ptrace.c beside this file): a wrapper that runs a program under a seccomp filter
/// denying ptrace(2), with no_new_privs, as a container runtime's default profile does. Compiled with the
/// machine's C compiler once per test run, into a directory every user can read.
/// </summary>
public static class NoPtrace
{
    private static readonly Lazy<string> Wrapper = new(Compile);

    /// <summary>The wrapper's path: <c>no-ptrace &lt;program&gt; [arguments…]</c>.</summary>
    public static string Path => Wrapper.Value;

    private static string Compile()
    {
        var directory = Directory.CreateTempSubdirectory("ak-no-ptrace-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        var output = System.IO.Path.Combine(directory, "no-ptrace");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Restricted", "no-ptrace.c");
        using var cc = Process.Start("cc", ["-O2", "-Wall", "-o", output, source])!;
        cc.WaitForExit();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return cc.ExitCode == 0 ? output : throw new InvalidOperationException("cc could not build no-ptrace (is a C compiler installed?)");
    }
}
