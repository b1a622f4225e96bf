namespace AttachKit.Agent.Listening;

/// <summary>
/// Log lines the agent holds back and writes later, from the accept thread while no connection waits
/// (<see cref="AcceptLoop"/>): no thread or timer of their own, which would show in a thread dump.
/// </summary>
internal interface IDeferredLines
{
    /// <summary>When the held lines are due (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), or null when none are held.</summary>
    long? DueAt { get; }

    /// <summary>Writes the held lines.</summary>
    void WriteDue();
}
