using AttachKit.Protocol;
using AttachKit.Attacher;
using AttachKit.Cli.NativeAot;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>trace -o &lt;file.nettrace&gt; [--format nettrace|speedscope] [--duration …] [--profile …]</c>:
/// saves the .nettrace the agent streams; with <c>--format speedscope</c> also converts its CPU
/// samples to <c>&lt;file&gt;.speedscope.json</c> for https://www.speedscope.app.
/// </summary>
internal sealed class TraceClientCommand : IClientCommand
{
    private string _path = "";
    private bool _json;
    private bool _speedscope;

    public string Name => BuiltInCommands.Trace;

    public ClientRequest Prepare(AttachInvocation invocation)
    {
        var (arguments, json) = (invocation.Arguments, invocation.Json);
        (_path, var rest) = OutputOption.Take(Name, arguments, "app.nettrace");
        _json = json;
        var format = rest.FindIndex(argument => argument == "--format" || argument.StartsWith("--format=", StringComparison.Ordinal));
        if (format >= 0)
        {
            var inline = rest[format].Length > "--format".Length;
            var value = inline ? rest[format]["--format=".Length..]
                : format + 1 < rest.Count ? rest[format + 1]
                : throw new ArgumentException("--format needs nettrace or speedscope");
            _speedscope = value switch
            {
                "nettrace" => false,
                "speedscope" => true,
                _ => throw new ArgumentException($"--format '{value}' is not nettrace or speedscope"),
            };
            rest.RemoveRange(format, inline ? 1 : 2);
        }

        if (_speedscope && _path == OutputOption.StandardOutput)
        {
            throw new ArgumentException("--format speedscope needs -o <file> (it converts the saved trace)");
        }

        if (_speedscope)
        {
            TraceEventImage.RunCommandHere();
        }

        return new ClientRequest(rest, json ? ReplyFormat.Json : ReplyFormat.Text);
    }

    public Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken)
        => BodyFile.SaveAndSummarizeAsync(reply, _path, output, _json, Name, "the trace", saved => _speedscope ? [("speedscopeFile", Speedscope(saved))] : [], cancellationToken);

    /// <summary>Converts the saved trace's CPU samples; returns the speedscope file's path.</summary>
    private static string Speedscope(SavedFile saved)
    {
        var converted = SpeedscopeConverter.PathFor(saved.Path);
        try
        {
            if (!TraceEventImage.InProcess)
            {
                throw TraceEventImage.Unreachable();
            }

            SpeedscopeConverter.Convert(saved.Path, converted);
        }
        // SerializationException: TraceEvent could not read back the ETLX file it wrote.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or FastSerialization.SerializationException)
        {
            throw new ClientFailureException(ExitCodes.CommandFailed, $"the trace is saved in {saved.Path}, but converting it to speedscope failed: {e.Message}", e);
        }

        return converted;
    }
}
