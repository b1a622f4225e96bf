using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using AttachKit.Attacher;
using AttachKit.Attacher.Inspection;
using AttachKit.Linux;
using AttachKit.Linux.Processes;

namespace AttachKit.Cli.Inspection;

/// <summary>
/// The inspecting child (<see cref="InspectionRunner"/> starts it): <c>attachkit __inspect &lt;pid&gt;
/// &lt;parent&gt; &lt;uid&gt; &lt;gid&gt; &lt;json&gt; &lt;command&gt; [args…]</c>. Before it touches the
/// target it leaves the operator's terminal (a session of its own), becomes the target's user for good
/// (root stays root only for a root target), and dies with its parent; then it holds the target still,
/// reads it, lets it go, and writes the answer to its stdout, a pipe to the parent. A failure is one line
/// on stderr and an exit code.
/// </summary>
internal static class InspectionChild
{
    public const string Verb = "__inspect";

    public static IEnumerable<string> Arguments(AttachInvocation invocation, int parentPid, uint uid, uint gid) =>
    [
        Verb,
        invocation.Pid.ToString(CultureInfo.InvariantCulture),
        parentPid.ToString(CultureInfo.InvariantCulture),
        uid.ToString(CultureInfo.InvariantCulture),
        gid.ToString(CultureInfo.InvariantCulture),
        invocation.Json ? "json" : "text",
        invocation.Command,
        .. invocation.Arguments,
    ];

    public static int Run(IReadOnlyList<string> args)
    {
        try
        {
            if (args.Count < 7 || args[0] != Verb)
            {
                throw new ArgumentException($"{Verb} is attachkit's own: usage {Verb} <pid> <parent> <uid> <gid> text|json <command> [args…]");
            }

            var pid = int.Parse(args[1], CultureInfo.InvariantCulture);
            var parent = int.Parse(args[2], CultureInfo.InvariantCulture);
            var uid = uint.Parse(args[3], CultureInfo.InvariantCulture);
            var gid = uint.Parse(args[4], CultureInfo.InvariantCulture);
            var json = args[5] == "json";
            var command = InspectionCommand.For(args[6], [.. args.Skip(7)])
                ?? throw new ArgumentException($"'{args[6]}' is not read from outside");

            ProcessSession.LeaveTerminal();
            LoadOwnAssemblies();
            Credentials.BecomeForGood(uid, gid);
            ProcessSession.DieWithParent(parent);

            var (_, paused, notStopped) = LiveRuntime.Read(pid, command.MaxPause, (live, cancellation) =>
            {
                command.Read(live, cancellation);
                return true;
            });
            using var output = Console.OpenStandardOutput();
            return command.Write(output, json, new InspectionPause(pid, paused, notStopped));
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.TimedOut, "the process was held still for the longest pause allowed before the reading finished; it runs again (--max-pause allows longer)");
        }
        catch (Exception e) when (ExitCodes.For(e) is { } exitCode)
        {
            return Fail(exitCode, e.Message);
        }
        catch (UnauthorizedAccessException denied)
        {
            return Fail(ExitCodes.PermissionDenied, denied.Message);
        }
        catch (Exception e)
        {
            // What the target's runtime files or memory make ClrMD or the DAC throw (a DAC that is not one, a
            // structure read half-updated): one line for the operator, not a stack trace.
            return Fail(ExitCodes.CommandFailed, $"reading the process failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }

    /// <summary>
    /// Loads every assembly of attachkit's own that the reading needs while this process is still the
    /// operator's user: once it is the target's, it may no longer read the directory they are in (a tool
    /// installed in root's home). The framework's are readable by anyone. A native build has none to load.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Runs only where code is compiled at run time (the .NET tool), which is never trimmed; a native build has no assembly files and returns first.")]
    private static void LoadOwnAssemblies()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return;
        }

        var pending = new Stack<Assembly>([typeof(InspectionChild).Assembly]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name) && !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
                {
                    try
                    {
                        pending.Push(Assembly.Load(reference));
                    }
                    catch (FileNotFoundException)
                    {
                        // Referenced for another framework (a polyfill of netstandard builds): never loaded here.
                    }
                }
            }
        }
    }
}
