using AttachKit.Protocol;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher;

/// <summary>
/// The reply to a command whose agent accepted it. Read the body as it streams in; a failure the
/// agent reports at the end, or a reply cut off, is thrown as an <see cref="AttachException"/>.
/// Descriptors the agent sends (when they were asked for) arrive with the body and are owned by the
/// reply until taken.
/// </summary>
public sealed class AttachReply : IDisposable
{
    private readonly ListenerConnection _connection;
    private readonly ReplyReader _reader;
    private readonly int _pid;
    private readonly bool _keepDescriptors;

    internal AttachReply(ListenerConnection connection, ReplyReader reader, ReplyStatus status, int pid, bool keepDescriptors)
    {
        _connection = connection;
        _reader = reader;
        _pid = pid;
        _keepDescriptors = keepDescriptors;
        Status = status;
    }

    /// <summary>The opening status (always OK: an error status is thrown when sending).</summary>
    public ReplyStatus Status { get; }

    /// <summary>The target's pid.</summary>
    public int Pid => _pid;

    /// <summary>
    /// The descriptors received so far, in the order the agent sent them; all of them once the body has
    /// been read to its end. Empty unless the request asked to receive descriptors.
    /// </summary>
    public IReadOnlyList<SafeFileHandle> Descriptors => _reader.Descriptors;

    /// <summary>Takes the descriptors received so far: the caller then owns (and closes) them.</summary>
    public IReadOnlyList<SafeFileHandle> TakeDescriptors() => _reader.TakeDescriptors();

    /// <summary>Reads body bytes; 0 at the end of a reply that ended with OK.</summary>
    /// <exception cref="AttachException">The agent ended the reply with an error, or the reply was cut off.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _reader.ReadBodyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AttachErrors.IsWireFailure(e))
        {
            throw AttachErrors.FromWire(e, _pid);
        }

        if (!_keepDescriptors)
        {
            CloseDescriptors();
        }

        if (read == 0 && !destination.IsEmpty && _reader.Final is { IsOk: false } final)
        {
            throw AttachErrors.FromStatus(final, _pid);
        }

        return read;
    }

    /// <summary>Copies the body to <paramref name="destination"/> as it arrives, flushing after each chunk.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
        => ReplyCopy.ToStreamAsync(ReadAsync, destination, cancellationToken);

    /// <summary>The most <see cref="ReadToEndAsync"/> and <see cref="ReadToEndBytesAsync"/> hold: 64 MiB.</summary>
    public const int MaxHeldBytes = ReplyCopy.MaxHeldBytes;

    /// <summary>Reads the whole body as UTF-8 text.</summary>
    /// <exception cref="BrokenReplyException">The body is larger than <see cref="MaxHeldBytes"/>.</exception>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken = default)
        => System.Text.Encoding.UTF8.GetString((await ReadToEndBytesAsync(cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Reads the whole body.</summary>
    /// <exception cref="BrokenReplyException">The body is larger than <see cref="MaxHeldBytes"/>.</exception>
    public Task<ReadOnlyMemory<byte>> ReadToEndBytesAsync(CancellationToken cancellationToken = default)
        => ReplyCopy.ToMemoryAsync(ReadAsync, $"process {_pid}", cancellationToken);

    /// <summary>Closes the connection and every descriptor not taken.</summary>
    public void Dispose()
    {
        CloseDescriptors();
        _connection.Dispose();
    }

    private void CloseDescriptors()
    {
        foreach (var descriptor in _reader.TakeDescriptors())
        {
            descriptor.Dispose();
        }
    }
}
