using AttachKit.Protocol;

namespace AttachKit.Attacher.Threads;

/// <summary>Thread dumps: ask a process for its <c>threads</c> capture and parse it into a <see cref="ThreadDump"/>.</summary>
public static class ThreadDumps
{
    /// <summary>Dumps the threads of process <paramref name="pid"/>.</summary>
    /// <param name="client">The client that attaches.</param>
    /// <param name="pid">The target.</param>
    /// <param name="options">CPU interval and method cache; by default none and on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="AttachException">Any failure; a capture that cannot be parsed is a <see cref="ThreadDumpParseException"/>.</exception>
    public static async Task<ThreadDump> DumpThreadsAsync(this AttachClient client, int pid, ThreadDumpOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new ThreadDumpRequest(client, pid, options);
        using var reply = await client.SendAsync(pid, BuiltInCommands.Threads, request.Arguments, ReplyFormat.Text, cancellationToken).ConfigureAwait(false);
        return await request.ReadAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a whole <c>threads</c> body (docs/PROTOCOL.md §6), e.g. one kept after a failure.</summary>
    /// <exception cref="ThreadDumpParseException">It could not be parsed; it was written to a file the exception names.</exception>
    public static ThreadDump Parse(ReadOnlyMemory<byte> body, int pid)
        => new ThreadDumpRequest(new AttachClient(), pid, new ThreadDumpOptions { UseMethodCache = false }).Parse(CapturedBody.From(body), known: null)
            ?? throw new ThreadDumpParseException($"the thread dump of process {pid} left the method rundown out: it cannot be read on its own", null, new InvalidDataException("no rundown"));
}
