using AttachKit.Attacher;
using AttachKit.Linux.Files;

namespace AttachKit.Cli.ClientCommands;

/// <summary>A reply body saved to a file: where, how big, how long it took.</summary>
internal sealed record SavedFile(string Path, long Bytes, TimeSpan Took);

/// <summary>
/// Saves a binary reply body (a dump, a trace) where attachkit runs, as it streams in: never held in
/// memory whole. It goes to a new file of its own beside the destination, under an unpredictable name,
/// renamed into place once the agent's final status says it is complete (<see cref="NewFile"/>): a
/// cut-off transfer never looks like a good file, and no file another user planted in the directory is
/// ever written through. A failure, Ctrl+C or SIGTERM removes it. Mode 0600: a dump holds every secret of
/// the process.
/// </summary>
internal static class BodyFile
{
    private const int BufferBytes = 256 * 1024;

    /// <exception cref="AttachException">The agent ended with an error, or the reply was cut off (nothing is left behind).</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static async Task<SavedFile> SaveAsync(AttachReply reply, string path, Stream stdout, string what, CancellationToken cancellationToken)
    {
        var progress = new TransferProgress(what);
        if (path == OutputOption.StandardOutput)
        {
            var sent = await CopyAsync(reply, stdout, progress, cancellationToken);
            return new SavedFile(path, sent, progress.Elapsed);
        }

        using var file = NewFile.Create(path, BufferBytes);
        using var removedOnTermination = new OnTermination(file.Abandon);
        var bytes = await CopyAsync(reply, file.Stream, progress, cancellationToken);
        file.Commit();
        return new SavedFile(path, bytes, progress.Elapsed);
    }

    private static async Task<long> CopyAsync(AttachReply reply, Stream destination, TransferProgress progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        long total = 0;
        try
        {
            int read;
            while ((read = await reply.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                progress.Report(total);
            }

            await destination.FlushAsync(cancellationToken);
            return total;
        }
        finally
        {
            progress.Finish();
        }
    }
}
