using System.Text;

namespace AttachKit.Attacher;

/// <summary>What every reply does with its bytes (<see cref="AttachReply"/>, <see cref="Jvm.HotSpotReply"/>): copy them on as they arrive, or read them whole.</summary>
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

    /// <summary>Everything <paramref name="read"/> gives, as UTF-8 text.</summary>
    public static async Task<string> ToTextAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        await ToStreamAsync(read, text, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }
}
