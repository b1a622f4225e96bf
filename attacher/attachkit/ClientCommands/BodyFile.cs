using AttachKit.Attacher;
using AttachKit.Cli.Rendering;
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

    /// <summary>
    /// What a command whose body is a file (heap-dump, trace) does with its reply: saves the body
    /// (<see cref="SaveAsync"/>), lets <paramref name="afterwards"/> work on the saved file, and says
    /// what was written (<see cref="SaveSummary"/>). Returns the exit code.
    /// </summary>
    /// <param name="reply">The reply, its opening status OK.</param>
    /// <param name="path">The <c>-o</c> path (<see cref="OutputOption"/>).</param>
    /// <param name="output">Standard output: the body when the path is <c>-</c>, else the summary.</param>
    /// <param name="json">Whether the summary is a JSON object.</param>
    /// <param name="command">The command, for the progress line.</param>
    /// <param name="what">What the body is, for the summary: <c>the dump</c>.</param>
    /// <param name="afterwards">Runs once the body is saved; returns the further files it wrote, as keys and paths for the summary.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <exception cref="AttachException">The agent ended with an error, or the reply was cut off (nothing is left behind).</exception>
    /// <exception cref="ClientFailureException">The file could not be written: exit code 1, the -o path is the problem.</exception>
    public static async Task<int> SaveAndSummarizeAsync(
        AttachReply reply,
        string path,
        CliOutput output,
        bool json,
        string command,
        string what,
        Func<SavedFile, IReadOnlyList<(string Key, string Value)>> afterwards,
        CancellationToken cancellationToken)
    {
        SavedFile saved;
        try
        {
            saved = await SaveAsync(reply, path, output.Bytes, command, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SaveSummary.Failed(path, e);
        }

        return await SaveSummary.WriteAsync(output.Text, json, saved, what, afterwards(saved));
    }

    /// <exception cref="AttachException">The agent ended with an error, or the reply was cut off (nothing is left behind).</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    private static async Task<SavedFile> SaveAsync(AttachReply reply, string path, Stream stdout, string what, CancellationToken cancellationToken)
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
