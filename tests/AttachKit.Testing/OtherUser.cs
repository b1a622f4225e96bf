namespace AttachKit.Testing;

/// <summary>Runs a program as <c>nobody</c> (setpriv(1)), for the tests about who may attach.</summary>
public static class OtherUser
{
    public const int NobodyUid = 65534;

    public static Task<RunResult> RunAsNobodyAsync(IReadOnlyList<string> commandLine, string? stdin = null)
        => ProcessRunner.RunAsync(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", .. commandLine],
            stdin,
            TimeSpan.FromSeconds(30));
}
