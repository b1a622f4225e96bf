using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Jvm;

/// <summary>One JVM for a test class whose tests do not disturb it (a JVM takes about half a second to start).</summary>
public sealed class SharedJvm : IDisposable
{
    public const int BlockedThreads = 3;

    public JvmTarget Jvm { get; } = JvmTarget.Start(BlockedThreads);

    public void Dispose() => Jvm.Dispose();
}
