namespace System.Threading;

/// <summary>
/// System.Threading.Lock for the agent's .NET 8 build, which has no such type: a monitor. The .NET 10 build
/// uses the runtime's own. Only what the agent calls is here.
/// </summary>
internal sealed class Lock
{
    // The compiler warns of a monitor taken on a Lock itself: the monitor is this object's.
    private readonly object _monitor = new();

    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    public void Enter() => Monitor.Enter(_monitor);

    public bool TryEnter() => Monitor.TryEnter(_monitor);

    public bool TryEnter(TimeSpan timeout) => Monitor.TryEnter(_monitor, timeout);

    public void Exit() => Monitor.Exit(_monitor);

    /// <summary>What the compiler's <c>lock</c> statement disposes when it leaves the block.</summary>
    public readonly ref struct Scope
    {
        private readonly object _monitor;

        internal Scope(object monitor) => _monitor = monitor;

        public void Dispose() => Monitor.Exit(_monitor);
    }
}
