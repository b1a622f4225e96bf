using AttachKit.Linux.Files;

namespace AttachKit.Cli.Rendering;

/// <summary>
/// Where attachkit's standard output goes, in the form each kind of output needs. Text from a target
/// (replies, thread dumps, JSON) is escaped for terminals unless <c>--raw</c> asked for the bytes as they
/// came; a copied file is escaped only when it reaches a terminal; a binary body is never escaped.
/// </summary>
internal sealed class CliOutput : IAsyncDisposable
{
    private readonly Stream _bytes;
    private readonly bool _raw;
    private TerminalSafeStream? _text;

    private CliOutput(Stream bytes, bool raw)
    {
        _bytes = bytes;
        _raw = raw;
    }

    /// <summary>Text from a target, or rendered from what it sent.</summary>
    public Stream Text => _raw ? _bytes : _text ??= new TerminalSafeStream(_bytes);

    /// <summary>A file's contents, copied as they are unless they would reach a terminal.</summary>
    public Stream Copy => IsTerminal ? Text : _bytes;

    /// <summary>Bytes as they are (a dump or trace written to standard output).</summary>
    public Stream Bytes => _bytes;

    /// <summary>Whether standard output is a terminal.</summary>
    public static bool IsTerminal => Descriptors.IsTerminal(1);

    public static CliOutput Open(bool raw) => new(StandardOutput.Open(), raw);

    public async ValueTask DisposeAsync()
    {
        if (_text is not null)
        {
            await _text.DisposeAsync();
        }

        await _bytes.DisposeAsync();
    }
}
