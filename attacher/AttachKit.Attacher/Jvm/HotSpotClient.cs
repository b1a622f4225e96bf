namespace AttachKit.Attacher.Jvm;

/// <summary>
/// Attaches to a HotSpot JVM through its own attach listener (protocol v1, what jcmd and jattach
/// speak) and sends it one command: start the listener if it is not up, connect, send, return the
/// reply to stream. Nothing is loaded into the JVM.
/// </summary>
public sealed class HotSpotClient(AttachClientOptions? options = null)
{
    private readonly AttachClientOptions _options = options ?? new AttachClientOptions();

    /// <summary>Sends <paramref name="request"/> to JVM <paramref name="pid"/>.</summary>
    /// <returns>The reply, its status 0; dispose it when done.</returns>
    /// <exception cref="AttachException">Any failure, typed by kind; a non-zero status is a <see cref="JvmCommandFailedException"/>.</exception>
    public async Task<HotSpotReply> SendAsync(int pid, HotSpotRequest request, CancellationToken cancellationToken = default)
    {
        var target = TargetProcess.Find(pid);
        var connection = new ListenerConnection(await HotSpotListener.ConnectAsync(target, _options.Timeout, cancellationToken).ConfigureAwait(false), _options);
        try
        {
            try
            {
                connection.Transport.Write(request.Encode());
            }
            catch (IOException)
            {
                // A JVM that refuses the peer closes at once: what it did is read below.
            }

            return await HotSpotReply.OpenAsync(connection, request, pid, cancellationToken).ConfigureAwait(false)
                ?? throw ClosedWithoutReply(target, request);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sends a command and returns the JVM's whole text.</summary>
    public async Task<string> RunAsync(int pid, HotSpotRequest request, CancellationToken cancellationToken = default)
    {
        using var reply = await SendAsync(pid, request, cancellationToken).ConfigureAwait(false);
        return await reply.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    // The JVM closes without a status on a peer it refuses or a request it cannot read. Requests are
    // checked before sending, and root connects with the JVM's own ids (HotSpotListener), so this is a JVM
    // that refused anyway, or broke down.
    private static BrokenReplyException ClosedWithoutReply(TargetProcess target, HotSpotRequest request)
        => new($"JVM {target.Pid} closed the connection without a reply to '{request}'");
}
