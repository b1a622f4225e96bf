namespace AttachKit.Attacher;

/// <summary>What every reply does with its bytes (<see cref="AttachReply"/>, <see cref="Jvm.HotSpotReply"/>): copy them on as they arrive, or read them whole, within a bound.</summary>
internal static class ReplyCopy
{
    /// <summary>Copies what <paramref name="read"/> gives to <paramref name="destination"/>, flushing after each chunk.</summary>
    public static async Task ToStreamAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(16 * 1024);
        int count;
        while ((count = await read(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The most a reply read whole may hold: a target that never ends its body must not exhaust this process's memory.</summary>
    public const int MaxHeldBytes = 64 * 1024 * 1024;

    /// <summary>Everything <paramref name="read"/> gives, up to <see cref="MaxHeldBytes"/>.</summary>
    /// <exception cref="BrokenReplyException">It gives more.</exception>
    public static async Task<ReadOnlyMemory<byte>> ToMemoryAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, string sender, CancellationToken cancellationToken)
    {
        using var held = new MemoryStream();
        var buffer = GC.AllocateUninitializedArray<byte>(16 * 1024);
        int count;
        while ((count = await read(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (held.Length + count > MaxHeldBytes)
            {
                throw new BrokenReplyException($"{sender} sent a reply larger than {MaxHeldBytes / (1024 * 1024)} MiB, more than is held for one document; ask for text (without --json) to stream it");
            }

            held.Write(buffer, 0, count);
        }

        return held.GetBuffer().AsMemory(0, (int)held.Length);
    }
}
