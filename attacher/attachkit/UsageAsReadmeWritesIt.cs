using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AttachKit.Cli;

/// <summary>
/// The root's help with its usage section as README writes it. The parser's own line for the full
/// grammar reads <c>attachkit &lt;pid&gt; &lt;command&gt; [&lt;arguments&gt;...] [command] [options]</c>: its
/// <c>[command]</c> stands for the subcommands, which take the pid's place rather than follow the
/// arguments. Its help writer cannot be customized from outside, so its text is taken and that one
/// section replaced; a subcommand's help is left as it is.
/// </summary>
internal sealed class UsageAsReadmeWritesIt(CommandLineAction parsers, Command root, IReadOnlyList<string> usage) : SynchronousCommandLineAction
{
    private const string UsageHeading = "Usage:";

    public override bool ClearsParseErrors => true;

    /// <summary>Puts this in place of the help option's action on <paramref name="root"/> (a RootCommand has one).</summary>
    public static void Replace(Command root, IReadOnlyList<string> usage)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: { } parsers } help)
        {
            help.Action = new UsageAsReadmeWritesIt(parsers, root, usage);
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        var text = new StringWriter();
        configuration.Output = text;
        int exitCode;
        try
        {
            exitCode = parsers is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        }
        finally
        {
            configuration.Output = output;
        }

        output.Write(parseResult.CommandResult.Command == root ? WithUsage(text.ToString()) : text.ToString());
        return exitCode;
    }

    // The section runs from its heading to the first empty line.
    private string WithUsage(string help)
    {
        var lines = help.Split('\n').ToList();
        var heading = lines.FindIndex(line => line.TrimEnd('\r') == UsageHeading);
        if (heading < 0)
        {
            return help;
        }

        var end = lines.FindIndex(heading, line => line.Trim().Length == 0);
        lines.RemoveRange(heading + 1, (end < 0 ? lines.Count : end) - heading - 1);
        lines.InsertRange(heading + 1, usage.Select(line => "  " + line));
        return string.Join('\n', lines);
    }
}
