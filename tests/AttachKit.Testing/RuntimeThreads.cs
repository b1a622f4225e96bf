namespace AttachKit.Testing;

/// <summary>Threads the .NET runtime starts and ends on its own schedule, which tests comparing thread lists leave out.</summary>
public static class RuntimeThreads
{
    /// <summary>Tiered compilation's background worker and thread-pool threads come and go by themselves.</summary>
    public static bool ComeAndGo(string name)
        => name.StartsWith(".NET Tiered", StringComparison.Ordinal) || name.StartsWith(".NET TP", StringComparison.Ordinal);
}
