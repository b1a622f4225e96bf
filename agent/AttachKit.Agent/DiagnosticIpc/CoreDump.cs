namespace AttachKit.Agent.DiagnosticIpc;

/// <summary>What a dump holds, as the runtime's dump writer (createdump) takes it.</summary>
internal enum DumpKind : uint
{
    /// <summary>Threads, stacks and modules: a mini dump.</summary>
    Normal = 1,

    /// <summary>With the GC heap.</summary>
    WithHeap = 2,

    /// <summary>A mini dump with personal data left out.</summary>
    Triage = 3,

    /// <summary>All of the process's memory.</summary>
    Full = 4,
}

/// <summary>
/// A dump of this process written by the runtime's own writer, asked for over the diagnostic server
/// (<see cref="DiagnosticConnection"/>): GenerateCoreDump3, whose error carries createdump's reason, and
/// GenerateCoreDump2 for a runtime that does not know it.
/// </summary>
internal static class CoreDump
{
    private const byte DumpCommands = 0x01;
    private const byte GenerateCoreDump2 = 0x02;
    private const byte GenerateCoreDump3 = 0x03;

    /// <summary>Writes the dump to <paramref name="path"/> and returns once the runtime says it is done.</summary>
    /// <exception cref="DiagnosticServerException">The runtime could not be reached, or could not write the dump (its reason in the message).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled first.</exception>
    public static void Write(string path, DumpKind kind, CancellationToken cancellation)
    {
        var reply = Request(GenerateCoreDump3, path, kind, cancellation);
        if (DiagnosticServerException.IsUnknownCommand(reply))
        {
            reply = Request(GenerateCoreDump2, path, kind, cancellation);
            if (!reply.Ok)
            {
                throw DiagnosticServerException.Of("writing the dump", reply);
            }
        }
        else if (!reply.Ok)
        {
            // GenerateCoreDump3's error: the HRESULT, then createdump's own account.
            throw DiagnosticServerException.Of("writing the dump", reply, reply.StringAt(sizeof(uint)));
        }
    }

    // The path, the kind, the flags (none). The answer comes when createdump has finished: no time limit but the caller's.
    private static IpcReply Request(byte command, string path, DumpKind kind, CancellationToken cancellation)
    {
        using var connection = DiagnosticConnection.Open(cancellation);
        return connection.Request(new IpcMessage(DumpCommands, command).String(path).UInt32((uint)kind).UInt32(0), Timeout.InfiniteTimeSpan, cancellation);
    }
}
