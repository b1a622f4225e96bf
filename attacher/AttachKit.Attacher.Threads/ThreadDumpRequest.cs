using AttachKit.Protocol;
using AttachKit.Protocol.Threads;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// One thread dump on its way: the <see cref="Arguments"/> to send with the <c>threads</c> command, then
/// the reply to read. Unless told not to, it keeps the process's method map between dumps, so that the
/// agent can leave the rundown out (<see cref="ThreadDumpOptions.UseMethodCache"/>); when the kept map
/// turns out not to name a sampled address (code JIT-compiled since), it dumps again with a rundown.
/// </summary>
public sealed class ThreadDumpRequest
{
    private readonly AttachClient _client;
    private readonly ThreadDumpOptions _options;
    private readonly MethodMapCache? _cache;
    private readonly KeptMap? _known;

    /// <summary>Prepares a dump of process <paramref name="pid"/> by <paramref name="client"/>.</summary>
    public ThreadDumpRequest(AttachClient client, int pid, ThreadDumpOptions? options = null)
    {
        _client = client;
        _options = options ?? new ThreadDumpOptions();
        Pid = pid;
        _cache = _options.UseMethodCache ? MethodMapCache.For(pid, _options.MethodCacheDirectory) : null;
        _known = _cache?.TryLoad();
        Arguments = ArgumentsFor(_known);
    }

    /// <summary>The target.</summary>
    public int Pid { get; }

    /// <summary>What to send with the <c>threads</c> command.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Reads the reply to its end, parsing it as it arrives (and dumps once more if the kept method map was stale).</summary>
    /// <exception cref="AttachException">The agent failed, the reply was cut off, or the capture could not be parsed.</exception>
    public async Task<ThreadDump> ReadAsync(AttachReply reply, CancellationToken cancellationToken = default)
    {
        if (await ParseAsync(reply, _known, cancellationToken).ConfigureAwait(false) is { } dump)
        {
            return dump;
        }

        using var again = await _client.SendAsync(Pid, BuiltInCommands.Threads, ArgumentsFor(known: null), ReplyFormat.Text, cancellationToken).ConfigureAwait(false);
        return (await ParseAsync(again, known: null, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Parses a whole body; null when the agent left the rundown out and the kept map did not name every frame.</summary>
    internal ThreadDump? Parse(CapturedBody body, KeptMap? known)
    {
        try
        {
            var headers = new ThreadsBodyReader(body).ReadHeaders();
            var capture = CaptureParser.Parse(body);
            body.ReadToEnd(); // to the final status: an agent that failed late says so there
            KeepShownThreads(capture.Stacks, headers);
            var fromCache = headers.Info.GetValueOrDefault(InfoKeys.Rundown) == "0";
            if (fromCache && !TryNameFromCache(capture.Stacks, known))
            {
                _cache?.Delete();
                return null;
            }

            if (!fromCache && capture.Methods is not null && headers.Info.GetValueOrDefault(InfoKeys.CodeEpoch) is { } epoch)
            {
                var unresolved = capture.Stacks.Values.SelectMany(frames => frames).Where(frame => frame.Method is null).Select(frame => frame.Address);
                _cache?.Save(new CachedMethods(epoch, capture.Methods, unresolved.ToHashSet()));
            }

            NameCodeFiles(capture.Stacks);
            return ThreadDumpBuilder.Build(headers, capture.Stacks) with { MethodNamesFromCache = fromCache };
        }
        catch (Exception e) when (e is not (AttachException or OutOfMemoryException or OperationCanceledException))
        {
            body.ReadToEnd(); // the whole capture is kept, and a failure of the agent's wins over ours
            var kept = CaptureFiles.TryKeep(body.Copy, Pid);
            var where = kept is null ? "the capture could not be saved" : $"the raw capture is kept in {kept}";
            throw new ThreadDumpParseException($"could not parse the thread dump of process {Pid} ({e.GetType().Name}: {e.Message}); {where}", kept, e);
        }
    }

    // Only the threads the dump shows count: the agent's own threads run code that changes with every
    // dump (it is tiered up as it runs), and threads not in the table were not there when it was read.
    private static void KeepShownThreads(Dictionary<int, IReadOnlyList<StackFrame>> stacks, ThreadsBodyHeaders headers)
    {
        var shown = headers.Tables.Count == 0 ? [] : headers.Tables[^1].Tasks.Where(task => !task.ServesDump).Select(task => task.Tid).ToHashSet();
        foreach (var tid in stacks.Keys.Where(tid => !shown.Contains(tid)).ToList())
        {
            stacks.Remove(tid);
        }
    }

    // Frames no method covers say which file holds their code, as the target maps it now.
    private void NameCodeFiles(Dictionary<int, IReadOnlyList<StackFrame>> stacks)
    {
        if (!stacks.Values.Any(frames => frames.Any(frame => frame.Method is null)) || CodeFiles.Read(Pid) is not { } files)
        {
            return;
        }

        foreach (var tid in stacks.Keys.ToList())
        {
            stacks[tid] = stacks[tid].Select(frame => frame.Method is null ? frame with { File = files.At(frame.Address) } : frame).ToList();
        }
    }

    private Task<ThreadDump?> ParseAsync(AttachReply reply, KeptMap? known, CancellationToken cancellationToken)
        => Task.Factory.StartNew(
            () => Parse(CapturedBody.From(reply, cancellationToken), known),
            cancellationToken,
            TaskCreationOptions.LongRunning, // blocks on the socket while the agent captures
            TaskScheduler.Default);

    private List<string> ArgumentsFor(KeptMap? known)
    {
        var arguments = new List<string>();
        if (_options.CpuInterval is { } interval)
        {
            arguments.AddRange(["--interval", DurationText.Format(interval)]);
        }

        if (known is not null)
        {
            arguments.AddRange(["--method-epoch", known.Epoch]);
        }

        return arguments;
    }

    // The agent left the rundown out: the assemblies are those of the kept map. Every address must be
    // one the map names, or one it failed to name then too (a stub); any other is code JIT-compiled since.
    private static bool TryNameFromCache(Dictionary<int, IReadOnlyList<StackFrame>> stacks, KeptMap? kept)
    {
        if (kept is null)
        {
            throw new InvalidDataException("the agent left the method rundown out, but no method map was kept for this process");
        }

        CachedMethods known;
        try
        {
            known = kept.Methods;
        }
        catch (InvalidDataException)
        {
            return false; // a damaged file: dump again with a rundown
        }

        foreach (var (tid, frames) in stacks)
        {
            var named = new List<StackFrame>(frames.Count);
            foreach (var frame in frames)
            {
                var name = frame.Method ?? known.Map.Find(frame.Address);
                if (name is null && !known.Unresolved.Contains(frame.Address))
                {
                    return false;
                }

                named.Add(frame with { Method = name });
            }

            stacks[tid] = named;
        }

        return true;
    }
}
