using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>A reply body saved to a file: where, how big, how long it took.</summary>
internal sealed record SavedFile(string Path, long Bytes, TimeSpan Took);

/// <summary>
/// Saves a binary reply body (a dump, a trace) where attachkit runs, as it streams in: never held in
/// memory whole. It goes to <c>&lt;file&gt;.part</c>, renamed into place once the agent's final status
/// says it is complete, so a cut-off transfer never looks like a good file; a failure, Ctrl+C or SIGTERM
/// removes it. Mode 0600: a dump holds every secret of the process.
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

        var partial = path + ".part";
        using var removedOnTermination = new OnTermination(() => TryDelete(partial));
        try
        {
            long bytes;
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                BufferSize = BufferBytes,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            await using (var file = new FileStream(partial, options))
            {
                bytes = await CopyAsync(reply, file, progress, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
            return new SavedFile(path, bytes, progress.Elapsed);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error being reported matters more than a leftover .part file.
        }
    }
}
