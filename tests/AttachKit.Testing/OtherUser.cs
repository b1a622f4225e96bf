namespace AttachKit.Testing;

/// <summary>Runs a program as <c>nobody</c> (setpriv(1)), for the tests about who may attach.</summary>
public static class OtherUser
{
    public const int NobodyUid = 65534;

    /// <summary>A user's uid and gid, for setpriv: by its account, or a bare number (a uid no account has, its gid the same).</summary>
    public static (string Uid, string Gid) Ids(string user)
        => int.TryParse(user, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? (user, user)
            : (user, new Mono.Unix.UnixUserInfo(user).GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The unshare(1) options for new user, pid and mount namespaces, the user's uid mapped to root inside (a rootless container).</summary>
    public static IReadOnlyList<string> RootlessNamespaces { get; } = ["--user", "--map-root-user"];

    public static Task<RunResult> RunAsNobodyAsync(IReadOnlyList<string> commandLine, string? stdin = null)
        => ProcessRunner.RunAsync(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", .. commandLine],
            stdin,
            TimeSpan.FromSeconds(30));
}
