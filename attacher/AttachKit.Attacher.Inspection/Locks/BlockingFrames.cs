namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>What a frame of the runtime's own synchronization code does, by its method's type and name.</summary>
internal enum FrameRole
{
    /// <summary>Not synchronization code: the thread's own work, or the caller of a wait.</summary>
    None,

    /// <summary>Code that waits on behalf of a primitive (<c>WaitHandle.WaitOneNoCheck</c>, spinning): never the primitive itself.</summary>
    Plumbing,

    /// <summary>Entering a monitor (<c>Monitor.Enter</c>, <c>Monitor.Enter_Slowpath</c>, <c>Monitor.TryEnter</c>…).</summary>
    MonitorEnter,

    /// <summary>Entering a <see cref="System.Threading.Lock"/>.</summary>
    LockEnter,

    /// <summary>Anything else that blocks: <c>Monitor.Wait</c>, a reader-writer lock, a semaphore, an event, a task.</summary>
    Primitive,
}

/// <summary>
/// Reads what a thread is blocked in from its innermost frames: the runtime's synchronization methods
/// it is in, from the wait itself out to the first frame of the thread's own code.
/// </summary>
internal static class BlockingFrames
{
    private static readonly HashSet<string> WaitHandleTypes = new(StringComparer.Ordinal)
    {
        "System.Threading.WaitHandle",
        "System.Threading.EventWaitHandle",
        "System.Threading.ManualResetEvent",
        "System.Threading.AutoResetEvent",
        "System.Threading.Semaphore",
        "System.Threading.Mutex",
    };

    private static readonly HashSet<string> PlumbingTypes = new(StringComparer.Ordinal)
    {
        "System.Threading.SpinWait",
        "System.Threading.LowLevelSpinWaiter",
        "System.Threading.WaitSubsystem",
        "System.Threading.WaitSubsystem+ThreadWaitInfo",
        "System.Threading.LowLevelLock",
        "System.Threading.LowLevelMonitor",
    };

    /// <summary>The role of a frame of <paramref name="method"/> in type <paramref name="type"/>, and the kind of primitive it belongs to.</summary>
    public static (FrameRole Role, LockKind Kind) Classify(string type, string method)
    {
        switch (type)
        {
            case "System.Threading.Monitor":
                // Wait and its P/Invoke stub (<Wait>g____PInvoke…); IsEntered only asks.
                return method.Contains("Wait", StringComparison.Ordinal)
                    ? (FrameRole.Primitive, LockKind.Monitor)
                    : method.Contains("Enter", StringComparison.Ordinal) && !method.StartsWith("IsEntered", StringComparison.Ordinal) ? (FrameRole.MonitorEnter, LockKind.Monitor) : (FrameRole.None, default);
            case "System.Threading.Lock":
                return method.Contains("Enter", StringComparison.Ordinal) ? (FrameRole.LockEnter, LockKind.Lock) : (FrameRole.None, default);
            case "System.Threading.ReaderWriterLockSlim":
                return (FrameRole.Primitive, LockKind.ReaderWriterLockSlim);
            case "System.Threading.SemaphoreSlim":
                return (FrameRole.Primitive, LockKind.SemaphoreSlim);
            case "System.Threading.ManualResetEventSlim":
                return (FrameRole.Primitive, LockKind.ManualResetEventSlim);
            case "System.Threading.CountdownEvent":
                return (FrameRole.Primitive, LockKind.CountdownEvent);
            case "System.Threading.Barrier":
                return (FrameRole.Primitive, LockKind.Barrier);
            case "System.Threading.Thread":
                // Spinning, yielding and sleeping: a wait only when a primitive's frame is further out (a plain Thread.Sleep is none).
                return method.StartsWith("SpinWait", StringComparison.Ordinal) || method.StartsWith("Sleep", StringComparison.Ordinal) || method.StartsWith("Yield", StringComparison.Ordinal)
                    ? (FrameRole.Plumbing, default)
                    : (FrameRole.None, default);
        }

        if (WaitHandleTypes.Contains(type))
        {
            return (FrameRole.Primitive, LockKind.WaitHandle);
        }

        if (PlumbingTypes.Contains(type))
        {
            return (FrameRole.Plumbing, default);
        }

        // Task.Wait, Task<T>.Result, TaskAwaiter.GetResult and their helpers.
        if (IsTaskType(type) && IsTaskWait(method))
        {
            return (FrameRole.Primitive, LockKind.Task);
        }

        return (FrameRole.None, default);
    }

    /// <summary>Whether an object of type <paramref name="type"/> is the primitive itself for a wait of <paramref name="kind"/> (not a helper object it uses).</summary>
    public static bool IsPrimitiveObject(LockKind kind, string type) => kind switch
    {
        LockKind.Monitor => true,
        LockKind.Lock => type == "System.Threading.Lock",
        LockKind.ReaderWriterLockSlim => type == "System.Threading.ReaderWriterLockSlim",
        LockKind.SemaphoreSlim => type == "System.Threading.SemaphoreSlim",
        LockKind.ManualResetEventSlim => type == "System.Threading.ManualResetEventSlim",
        LockKind.CountdownEvent => type == "System.Threading.CountdownEvent",
        LockKind.Barrier => type == "System.Threading.Barrier",
        LockKind.WaitHandle => WaitHandleTypes.Contains(type),
        LockKind.Task => type.StartsWith("System.Threading.Tasks.Task", StringComparison.Ordinal) && (type.Length == "System.Threading.Tasks.Task".Length || type["System.Threading.Tasks.Task".Length] == '<'),
        _ => false,
    };

    /// <summary>How a reader-writer lock is waited for, from the names of its methods the thread is in.</summary>
    public static LockMode ReaderWriterMode(IEnumerable<string> methods)
    {
        foreach (var method in methods)
        {
            if (method.Contains("UpgradeableRead", StringComparison.Ordinal))
            {
                return LockMode.UpgradeableRead;
            }

            if (method.Contains("ReadLock", StringComparison.Ordinal))
            {
                return LockMode.Read;
            }

            if (method.Contains("WriteLock", StringComparison.Ordinal))
            {
                return LockMode.Write;
            }
        }

        return LockMode.Wait;
    }

    private static bool IsTaskType(string type)
        => type.StartsWith("System.Threading.Tasks.Task", StringComparison.Ordinal) && (type.Length == "System.Threading.Tasks.Task".Length || type["System.Threading.Tasks.Task".Length] == '<')
            || type.StartsWith("System.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal)
            || type.StartsWith("System.Runtime.CompilerServices.ConfiguredTaskAwaitable", StringComparison.Ordinal);

    private static bool IsTaskWait(string method)
        => method.Contains("Wait", StringComparison.Ordinal)
            || method is "GetResult" or "GetResultCore" or "get_Result" or "HandleNonSuccessAndDebuggerNotification" or "ValidateEnd";
}
