using System.Globalization;
using System.Net;
using System.Text;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>What one chain's innermost frame waits on, with what the target records of it.</summary>
/// <param name="Operation">What it is (the same for every chain of a group).</param>
/// <param name="Detail">What differs from chain to chain (a socket's addresses, a timer's period); null if nothing.</param>
/// <param name="StartedAt">When it started, on the target's clock in milliseconds (<see cref="TargetClock"/>); null if not recorded.</param>
/// <param name="DueAt">When it is due, on the same clock; null if not recorded or never.</param>
/// <param name="NeverDue">A timer that never fires.</param>
internal sealed record Innermost(AwaitedOperation Operation, string? Detail = null, long? StartedAt = null, long? DueAt = null, bool NeverDue = false);

/// <summary>
/// Names what the innermost node of a chain waits on: a task nothing inside the graph completes (a
/// TaskCompletionSource's, Task.Delay's, SemaphoreSlim's…), or, when the innermost is an async method, the
/// object its current awaiter refers to (an IValueTaskSource such as a socket's). Reads only fields whose names
/// CoreLib and System.Net.Sockets have kept for years; what it does not recognise it calls unknown, with the type.
/// </summary>
internal sealed class AwaitedOperations(AsyncTypes types, TargetMemory memory)
{
    // Task state flags: Start was called (queued), the delegate has been invoked (running).
    private const int Started = 0x10000;
    private const int DelegateInvoked = 0x20000;

    private readonly Dictionary<ulong, string?> _delegateMethods = [];

    public Innermost Classify(AsyncNode leaf)
    {
        if (!leaf.IsStateMachine)
        {
            return OfTask(leaf.Address, leaf.Facts, leaf.StateFlags);
        }

        if (leaf.State == -1)
        {
            return new Innermost(new AwaitedOperation(AwaitKind.Running, "running on a thread", null));
        }

        if (leaf.Awaited == 0)
        {
            return leaf.AwaiterType?.Contains("YieldAwaitable", StringComparison.Ordinal) == true
                ? new Innermost(new AwaitedOperation(AwaitKind.Resuming, "Task.Yield, queued to resume", leaf.AwaiterType))
                : new Innermost(new AwaitedOperation(AwaitKind.Unknown, leaf.AwaiterType is null ? "something unknown: the awaiter could not be read" : $"something unknown: an awaiter that refers to no object ({leaf.AwaiterType})", leaf.AwaiterType));
        }

        if (types.ForMethodTable(memory.ReadPointer(leaf.Awaited)) is not { } facts)
        {
            return new Innermost(new AwaitedOperation(AwaitKind.Unknown, "something unknown: the awaited object could not be read", null));
        }

        return facts.Role is TypeRole.Task or TypeRole.StateMachineBox or TypeRole.PooledStateMachineBox
            ? new Innermost(new AwaitedOperation(AwaitKind.Resuming, "a completed task, queued to resume", facts.Name))
            : OfSource(leaf.Awaited, facts);
    }

    /// <summary>The name of a task between two async methods in a chain (a frame of its own).</summary>
    public string CombinatorName(AsyncNode node)
    {
        var name = node.Facts.Name;
        return name switch
        {
            _ when name.Contains("WhenAllPromise", StringComparison.Ordinal) => "Task.WhenAll",
            _ when name.Contains("WhenAnyPromise", StringComparison.Ordinal) => "Task.WhenAny",
            _ when name.Contains("CancellationPromise", StringComparison.Ordinal) => "Task.WaitAsync",
            _ when name.Contains("UnwrapPromise", StringComparison.Ordinal) => "Task.Unwrap (Task.Run of an async delegate)",
            _ when name.Contains("ValueTaskSourceAsTask", StringComparison.Ordinal) => "ValueTask.AsTask",
            _ when name.Contains("CompleteOnInvokePromise", StringComparison.Ordinal) => "TaskFactory.ContinueWhenAll/Any",
            _ when name.StartsWith("System.Threading.Tasks.Continuation", StringComparison.Ordinal)
                => $"ContinueWith {DelegateMethod(memory.ReadPointer(node.Address + types.Action)) ?? "(a delegate)"}",
            _ => name,
        };
    }

    private Innermost OfTask(ulong address, TypeFacts facts, int flags)
    {
        var name = facts.Name;
        if (name.StartsWith("System.Threading.Tasks.Task+DelayPromise", StringComparison.Ordinal))
        {
            return Timer(address, facts);
        }

        if (name == "System.Threading.SemaphoreSlim+TaskNode")
        {
            return new Innermost(new AwaitedOperation(AwaitKind.Semaphore, "SemaphoreSlim.WaitAsync", name));
        }

        if (name.Contains("ValueTaskSourceAsTask", StringComparison.Ordinal) && facts.Offset("_source") is { } sourceAt)
        {
            var source = memory.ReadPointer(address + sourceAt);
            return source != 0 && types.ForMethodTable(memory.ReadPointer(source)) is { } sourceFacts
                ? OfSource(source, sourceFacts)
                : new Innermost(new AwaitedOperation(AwaitKind.ValueTaskSource, "a ValueTask's source that could not be read", name));
        }

        var action = memory.ReadPointer(address + types.Action);
        if (action != 0)
        {
            var method = DelegateMethod(action) ?? "a delegate";
            var what = (flags & DelegateInvoked) != 0 ? $"a task running {method}"
                : (flags & Started) != 0 ? $"a task queued to run {method}"
                : $"a task never started that would run {method}";
            return new Innermost(new AwaitedOperation(AwaitKind.DelegateTask, what, name));
        }

        if (name == "System.Threading.Tasks.Task" || (name.StartsWith("System.Threading.Tasks.Task<", StringComparison.Ordinal) && name.IndexOf('+', StringComparison.Ordinal) < 0))
        {
            return new Innermost(new AwaitedOperation(AwaitKind.TaskCompletionSource, "a TaskCompletionSource's task", name));
        }

        if (name.Contains("Promise", StringComparison.Ordinal))
        {
            return new Innermost(new AwaitedOperation(AwaitKind.Combinator, $"{name} with nothing pending under it", name));
        }

        return new Innermost(new AwaitedOperation(AwaitKind.Unknown, $"something unknown: {name}", name));
    }

    // Task.Delay: DelayPromise._timer is a TimerQueueTimer, which records when it was set (_startTicks, the
    // target's Environment.TickCount64) and after how long it fires (_dueTime, ms); none for an infinite delay.
    private Innermost Timer(ulong address, TypeFacts facts)
    {
        var operation = new AwaitedOperation(AwaitKind.Timer, "a Task.Delay timer", facts.Name);
        var timer = facts.Offset("_timer") is { } timerAt ? memory.ReadPointer(address + timerAt) : 0;
        if (timer == 0)
        {
            return new Innermost(operation, "infinite", NeverDue: true);
        }

        if (types.ForMethodTable(memory.ReadPointer(timer)) is not { Name: "System.Threading.TimerQueueTimer" } timerFacts
            || timerFacts.Offset("_startTicks") is not { } startAt
            || timerFacts.Offset("_dueTime") is not { } dueAt)
        {
            return new Innermost(operation, "a TimeProvider's timer");
        }

        var start = memory.ReadInt64(timer + startAt);
        var due = memory.ReadUInt32(timer + dueAt);
        return due == uint.MaxValue
            ? new Innermost(operation, "stopped", NeverDue: true)
            : new Innermost(operation, $"{Durations.Format(TimeSpan.FromMilliseconds(due))} delay", start, start + due);
    }

    // A ValueTask's source, or an awaiter that is a class.
    private Innermost OfSource(ulong address, TypeFacts facts)
    {
        var name = facts.Name;
        if (facts.DerivesFrom("System.Net.Sockets.SocketAsyncEventArgs"))
        {
            return Socket(address, facts);
        }

        if (name.StartsWith("System.Threading.Channels.", StringComparison.Ordinal))
        {
            var what = name.Contains("Read", StringComparison.Ordinal) ? "a Channel read" : name.Contains("Write", StringComparison.Ordinal) ? "a Channel write" : "a Channel operation";
            return new Innermost(new AwaitedOperation(AwaitKind.Channel, what, name));
        }

        if (name.StartsWith("System.IO.Pipelines.", StringComparison.Ordinal))
        {
            var what = name.Contains("Reader", StringComparison.Ordinal) ? "a pipe read" : name.Contains("Writer", StringComparison.Ordinal) ? "a pipe flush" : "a pipe read or flush";
            return new Innermost(new AwaitedOperation(AwaitKind.Pipe, what, name));
        }

        return facts.Type.EnumerateInterfaces().Any(i => i.Name?.StartsWith("System.Threading.Tasks.Sources.IValueTaskSource", StringComparison.Ordinal) == true)
            ? new Innermost(new AwaitedOperation(AwaitKind.ValueTaskSource, $"a ValueTask's source: {name}", name))
            : new Innermost(new AwaitedOperation(AwaitKind.Unknown, $"something unknown: {name}", name));
    }

    // Socket.ReceiveAsync and its kin keep one AwaitableSocketAsyncEventArgs per direction (_isReadForCaching)
    // and its socket (_owner); other SocketAsyncEventArgs (Kestrel's) the socket of the current operation.
    private Innermost Socket(ulong address, TypeFacts facts)
    {
        var socket = facts.Offset("_owner") is { } ownerAt ? memory.ReadPointer(address + ownerAt) : 0;
        if (socket == 0 && facts.Offset("_currentSocket") is { } currentAt)
        {
            socket = memory.ReadPointer(address + currentAt);
        }

        var socketFacts = socket == 0 ? null : types.ForMethodTable(memory.ReadPointer(socket));
        bool Flag(string field) => socketFacts?.Offset(field) is { } at && memory.ReadByte(socket + at) != 0;
        var name = facts.Name;
        string direction;
        if (Flag("_isListening"))
        {
            direction = "accept";
        }
        else if (facts.Offset("_isReadForCaching") is { } readAt)
        {
            direction = memory.ReadByte(address + readAt) != 0 ? "receive" : Flag("_isConnected") ? "send" : "connect";
        }
        else
        {
            direction = name.Contains("Receiv", StringComparison.Ordinal) ? "receive"
                : name.Contains("Send", StringComparison.Ordinal) ? "send"
                : name.Contains("Accept", StringComparison.Ordinal) ? "accept"
                : name.Contains("Connect", StringComparison.Ordinal) ? "connect"
                : "operation";
        }

        string? detail = null;
        if (socketFacts is not null)
        {
            var local = EndPoint(socket, socketFacts, "_localEndPoint");
            var remote = EndPoint(socket, socketFacts, "_remoteEndPoint");
            detail = (local, remote) switch
            {
                (null, null) => null,
                (_, null) => $"local {local}",
                (null, _) => $"remote {remote}",
                _ => $"local {local}, remote {remote}",
            };
        }

        return new Innermost(new AwaitedOperation(AwaitKind.Socket, $"a socket {direction}", name), detail);
    }

    private string? EndPoint(ulong socket, TypeFacts socketFacts, string field)
    {
        var endPoint = socketFacts.Offset(field) is { } at ? memory.ReadPointer(socket + at) : 0;
        if (endPoint == 0 || types.ForMethodTable(memory.ReadPointer(endPoint)) is not { } facts)
        {
            return null;
        }

        if (facts.Offset("_address") is { } addressAt && facts.Offset("_port") is { } portAt)
        {
            var port = memory.ReadInt32(endPoint + portAt);
            var ip = memory.ReadPointer(endPoint + addressAt);
            return IpAddress(ip) is { } text ? (text.Contains(':', StringComparison.Ordinal) ? $"[{text}]:{port}" : $"{text}:{port}") : null;
        }

        if (facts.Offset("_path") is { } pathAt)
        {
            return ReadString(memory.ReadPointer(endPoint + pathAt)) is { } path ? $"unix:{path}" : "unix socket";
        }

        return null;
    }

    // IPAddress keeps IPv4 in _addressOrScopeId (as the address's bytes in memory order), IPv6 in _numbers (8 ushorts).
    private string? IpAddress(ulong ip)
    {
        if (ip == 0 || types.ForMethodTable(memory.ReadPointer(ip)) is not { } facts || facts.Offset("_addressOrScopeId") is not { } valueAt)
        {
            return null;
        }

        var value = memory.ReadUInt32(ip + valueAt);
        var numbers = facts.Offset("_numbers") is { } numbersAt ? memory.ReadPointer(ip + numbersAt) : 0;
        if (numbers == 0)
        {
            return new IPAddress(value).ToString();
        }

        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            var number = memory.ReadUInt32(numbers + (2 * types.PointerSize) + ((ulong)i * 2)) & 0xFFFF;
            bytes[2 * i] = (byte)(number >> 8);
            bytes[(2 * i) + 1] = (byte)number;
        }

        return new IPAddress(bytes, value).ToString();
    }

    private string? ReadString(ulong address)
    {
        if (address == 0)
        {
            return null;
        }

        var length = Math.Clamp(memory.ReadInt32(address + types.PointerSize), 0, 1024);
        var bytes = new byte[length * 2];
        return memory.Read(address + types.PointerSize + 4, bytes) ? Encoding.Unicode.GetString(bytes) : null;
    }

    // The method a delegate calls: its code address (_methodPtr, or _methodPtrAux for a static method behind a thunk).
    private string? DelegateMethod(ulong target)
    {
        if (target == 0)
        {
            return null;
        }

        if (_delegateMethods.TryGetValue(target, out var known))
        {
            return known;
        }

        string? name = null;
        if (types.ForMethodTable(memory.ReadPointer(target)) is { } facts)
        {
            foreach (var field in (string[])["_methodPtrAux", "_methodPtr"])
            {
                if (facts.Offset(field) is { } at && memory.ReadPointer(target + at) is not 0 and var code
                    && types.Runtime.GetMethodByInstructionPointer(code) is { } method)
                {
                    name = StateMachineNames.MethodOf(method.Type?.Name, method.Name ?? "?");
                    break;
                }
            }
        }

        _delegateMethods[target] = name;
        return name;
    }
}

/// <summary>Durations as the reports write them: "1 h 5 min", "12 s", "350 ms".</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration)
    {
        var sign = duration < TimeSpan.Zero ? "-" : "";
        duration = duration.Duration();
        if (duration.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)duration.TotalDays} d {duration.Hours} h");
        }

        if (duration.TotalHours >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)duration.TotalHours} h {duration.Minutes} min");
        }

        if (duration.TotalMinutes >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)duration.TotalMinutes} min {duration.Seconds} s");
        }

        return duration.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{duration.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)duration.TotalMilliseconds} ms");
    }
}
