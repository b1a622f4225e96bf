using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AttachKit.Attacher.Jvm;

/// <summary>
/// A HotSpot JVM's answer, status 0: <c>"&lt;status&gt;\n&lt;text&gt;"</c> then the connection closes. Read the
/// text as it streams in. Protocol v1 has no end marker: a JVM that dies mid-reply looks like one that
/// finished, unless the connection is reset.
/// </summary>
public sealed class HotSpotReply : IDisposable
{
    private const int MaxStatusLineBytes = 32;
    private const int MaxErrorBytes = 64 * 1024;

    private readonly ListenerConnection _connection;
    private readonly int _pid;
    private ReadOnlyMemory<byte> _pending;

    private HotSpotReply(ListenerConnection connection, int pid)
    {
        _connection = connection;
        _pid = pid;
    }

    /// <summary>The JVM's pid.</summary>
    public int Pid => _pid;

    /// <summary>Reads text bytes; 0 at the end.</summary>
    /// <exception cref="BrokenReplyException">The connection failed mid-reply.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!_pending.IsEmpty)
        {
            var count = Math.Min(_pending.Length, destination.Length);
            _pending[..count].CopyTo(destination);
            _pending = _pending[count..];
            return count;
        }

        try
        {
            return await _connection.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw AttachErrors.FromWire(e, _pid);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            throw new BrokenReplyException($"the reply from JVM {_pid} was cut off ({e.Message}); the JVM may have exited", e);
        }
    }

    /// <summary>Copies the text to <paramref name="destination"/> as it arrives, flushing after each chunk.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
        => ReplyCopy.ToStreamAsync(ReadAsync, destination, cancellationToken);

    /// <summary>Reads the whole text as UTF-8.</summary>
    /// <exception cref="BrokenReplyException">The text is larger than <see cref="AttachReply.MaxHeldBytes"/>.</exception>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken = default)
        => Encoding.UTF8.GetString((await ReplyCopy.ToMemoryAsync(ReadAsync, $"JVM {_pid}", cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// Reads the status line. Null when the JVM closed the connection without a word (it refused the
    /// peer, or the request). A non-zero status is thrown with the JVM's text; so is a <c>load</c>
    /// whose second line, <c>return code: N</c> (or <c>N</c> before JDK 9), is not 0, as jattach reads it.
    /// </summary>
    internal static async Task<HotSpotReply?> OpenAsync(ListenerConnection connection, HotSpotRequest request, int pid, CancellationToken cancellationToken)
    {
        var reply = new HotSpotReply(connection, pid);
        var head = new byte[MaxStatusLineBytes];
        var length = 0;
        int newline;
        while ((newline = Array.IndexOf(head, (byte)'\n', 0, length)) < 0)
        {
            var read = length < head.Length ? await reply.ReadAsync(head.AsMemory(length), cancellationToken).ConfigureAwait(false) : 0;
            if (read == 0)
            {
                if (length == 0)
                {
                    return null;
                }

                throw new BrokenReplyException($"JVM {pid} sent no status line: '{Encoding.UTF8.GetString(head, 0, length)}'");
            }

            length += read;
        }

        var statusText = Encoding.ASCII.GetString(head, 0, newline);
        if (!int.TryParse(statusText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status))
        {
            throw new BrokenReplyException($"JVM {pid} sent a malformed status line: '{statusText}'");
        }

        reply._pending = head.AsMemory(newline + 1, length - newline - 1);
        if (status != 0)
        {
            var text = await reply.ReadBoundedAsync(cancellationToken).ConfigureAwait(false);
            throw new JvmCommandFailedException(status, $"JVM {pid} answered '{request.Command}' with status {status}: {Describe(status, text)}");
        }

        if (request.Command == "load")
        {
            var text = await reply.ReadBoundedAsync(cancellationToken).ConfigureAwait(false);
            reply._pending = Encoding.UTF8.GetBytes(text);
            if (LoadReturnCode(text) is { } code and not 0)
            {
                throw new JvmCommandFailedException(code, $"JVM {pid} could not load the agent: return code {code}");
            }
        }

        return reply;
    }

    private static string Describe(int status, string text) => text.Trim() switch
    {
        "" when status == 101 => "protocol mismatch (the JVM does not speak attach protocol 1)",
        "" => "the command failed, without a message",
        var message => message,
    };

    // "return code: N" since JDK 9, "N" before.
    private static int? LoadReturnCode(string text)
    {
        var line = text.Split('\n')[0].Trim();
        const string prefix = "return code: ";
        var number = line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line;
        return int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private async Task<string> ReadBoundedAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (text.Length < MaxErrorBytes && (read = await ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            text.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }
}
