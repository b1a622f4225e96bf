using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>-o &lt;file&gt;</c> (or <c>--output</c>): where a command's binary body is saved, relative to the
/// directory attachkit runs in, never the target's; <c>-</c> is standard output.
/// </summary>
internal static class OutputOption
{
    public const string StandardOutput = "-";

    /// <summary>Takes <c>-o file</c> out of the arguments.</summary>
    /// <exception cref="ArgumentException">No -o, no file after it, or a directory that does not exist.</exception>
    public static (string Path, List<string> Remaining) Take(string command, IReadOnlyList<string> arguments, string example)
    {
        var rest = new List<string>();
        string? path = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is "-o" or "--output")
            {
                path = i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"{arguments[i]} needs a file name");
            }
            else
            {
                rest.Add(arguments[i]);
            }
        }

        if (path is null)
        {
            throw new ArgumentException($"{command} needs -o <file> (where to save it, e.g. -o {example}; - for standard output)");
        }

        if (path == StandardOutput && CliOutput.IsTerminal)
        {
            throw new ArgumentException($"{command} writes binary data: not to a terminal; redirect standard output, or use -o <file>");
        }

        if (path != StandardOutput)
        {
            path = System.IO.Path.GetFullPath(path);
            var directory = System.IO.Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                throw new ArgumentException($"cannot save to {path}: directory {directory} does not exist");
            }
        }

        return (path, rest);
    }
}
