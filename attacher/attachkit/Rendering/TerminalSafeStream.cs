using System.Globalization;
using System.Text;

namespace AttachKit.Cli.Rendering;

/// <summary>
/// Text from a target, made safe to show on a terminal: every control character but newline and tab,
/// DEL, the C1 controls (U+0080–U+009F) and every byte that is not part of valid UTF-8 become <c>\xNN</c>,
/// as systemctl and git show them, so that nothing a target sends can retitle the window, clear the
/// screen, move the cursor or answer for the terminal. Valid UTF-8 text passes unchanged. Writes may cut
/// a character anywhere: an incomplete sequence waits for the next write, and is escaped if none comes.
/// </summary>
internal sealed class TerminalSafeStream(Stream inner) : WriteOnlyStream
{
    private readonly byte[] _pending = new byte[3];
    private int _pendingLength;

    /// <summary>A message for standard error, made safe the same way (newlines and tabs escaped too: a message is one line).</summary>
    public static string EscapeLine(string message)
    {
        var line = new StringBuilder(message.Length);
        foreach (var rune in message.EnumerateRunes())
        {
            if (rune.Value is < 0x20 or 0x7f or (>= 0x80 and <= 0x9f))
            {
                foreach (var b in Encoding.UTF8.GetBytes(rune.ToString()))
                {
                    line.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }
            else
            {
                line.Append(rune.ToString());
            }
        }

        return line.ToString();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var output = new List<byte>(buffer.Length + 16);
        ReadOnlySpan<byte> text;
        byte[]? joined = null;
        if (_pendingLength > 0)
        {
            joined = new byte[_pendingLength + buffer.Length];
            _pending.AsSpan(0, _pendingLength).CopyTo(joined);
            buffer.CopyTo(joined.AsSpan(_pendingLength));
            _pendingLength = 0;
            text = joined;
        }
        else
        {
            text = buffer;
        }

        var at = 0;
        while (at < text.Length)
        {
            var length = SequenceLength(text[at..], out var complete);
            if (!complete)
            {
                text[at..].CopyTo(_pending);
                _pendingLength = text.Length - at;
                break;
            }

            Append(output, text.Slice(at, length));
            at += length;
        }

        inner.Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Flushes what is written; a character cut at the end waits for its rest (it is escaped only if the text ends there).</summary>
    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            EndText();
        }

        base.Dispose(disposing);
    }

    // The text ended inside a character: what came of it is escaped.
    private void EndText()
    {
        if (_pendingLength > 0)
        {
            var output = new List<byte>();
            foreach (var b in _pending.AsSpan(0, _pendingLength))
            {
                AppendEscaped(output, b);
            }

            _pendingLength = 0;
            inner.Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output));
        }

        inner.Flush();
    }

    // How many bytes the sequence at the start of text takes: a whole valid UTF-8 character, or 1 for a
    // byte that cannot start or continue one (escaped alone). Not complete when text ends inside a
    // character that is valid so far.
    private static int SequenceLength(ReadOnlySpan<byte> text, out bool complete)
    {
        complete = true;
        var lead = text[0];
        var (length, low, high) = lead switch
        {
            < 0x80 => (1, 0, 0),
            >= 0xC2 and <= 0xDF => (2, 0x80, 0xBF),
            0xE0 => (3, 0xA0, 0xBF),
            >= 0xE1 and <= 0xEC or 0xEE or 0xEF => (3, 0x80, 0xBF),
            0xED => (3, 0x80, 0x9F),
            0xF0 => (4, 0x90, 0xBF),
            >= 0xF1 and <= 0xF3 => (4, 0x80, 0xBF),
            0xF4 => (4, 0x80, 0x8F),
            _ => (1, 0, 0),
        };

        for (var i = 1; i < length; i++)
        {
            if (i >= text.Length)
            {
                complete = false;
                return text.Length;
            }

            var (min, max) = i == 1 ? (low, high) : (0x80, 0xBF);
            if (text[i] < min || text[i] > max)
            {
                return 1;
            }
        }

        return length;
    }

    private static void Append(List<byte> output, ReadOnlySpan<byte> sequence)
    {
        var shown = sequence.Length switch
        {
            1 => sequence[0] is (>= 0x20 and < 0x7f) or (byte)'\n' or (byte)'\t',
            2 => !(sequence[0] == 0xC2 && sequence[1] <= 0x9F),
            _ => true,
        };

        if (shown)
        {
            output.AddRange(sequence);
            return;
        }

        foreach (var b in sequence)
        {
            AppendEscaped(output, b);
        }
    }

    private static void AppendEscaped(List<byte> output, byte value)
    {
        output.Add((byte)'\\');
        output.Add((byte)'x');
        output.Add((byte)"0123456789abcdef"[value >> 4]);
        output.Add((byte)"0123456789abcdef"[value & 0xF]);
    }
}
