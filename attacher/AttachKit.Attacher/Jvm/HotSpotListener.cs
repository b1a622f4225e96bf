using System.Globalization;
using AttachKit.Linux;
using AttachKit.Linux.Signals;
using AttachKit.Linux.Sockets;

namespace AttachKit.Attacher.Jvm;

/// <summary>
/// A HotSpot JVM's attach listener: <c>/tmp/.java_pid&lt;nspid&gt;</c> in the JVM's own /tmp (HotSpot
/// always uses /tmp there, never TMPDIR or java.io.tmpdir), reached inside the JVM's root when it is in
/// another mount namespace. When it is not up: trigger file, SIGQUIT, wait, as jcmd does.
/// </summary>
internal static class HotSpotListener
{
    /// <summary>Connects to the listener, starting it first when it is not up.</summary>
    /// <exception cref="AttachException">Not allowed, not a JVM that can be signalled safely, or no listener in time.</exception>
    public static async Task<UnixSocket> ConnectAsync(TargetProcess target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pid = target.Pid;
        var (uid, gid) = target.EffectiveIds();
        CheckCredentials(pid, uid, gid);
        using var place = PlaceOf(target);
        if (AttachConnector.TryConnect(place, pid, uid) is { } live)
        {
            return live;
        }

        // Only the signal needs to know the JVM: a live listener is HotSpot's. OpenJ9 also catches
        // SIGQUIT, and answers it with a javacore file, not a listener.
        if (target.Kind() == TargetKind.OpenJ9)
        {
            throw new AgentNotFoundException($"process {pid} is an Eclipse OpenJ9 JVM, whose attach API is not HotSpot's: attachkit speaks HotSpot's only (OpenJ9's own jcmd attaches to it)");
        }

        // A JVM started with -Xrs does not handle SIGQUIT: the signal would end it.
        if (!target.CatchesSignal(Signals.Quit))
        {
            throw new AgentNotFoundException($"process {pid} is a JVM with no attach listener up, and it does not handle SIGQUIT (started with -Xrs?): signalling it would end it");
        }

        using (TriggerFile.Create(target, uid, gid))
        {
            return await AttachConnector.SignalAndConnectAsync(
                target,
                place,
                Signals.Quit,
                timeout,
                () => $"no attach listener appeared at {place.Path} within {timeout.TotalSeconds:0.#} s of SIGQUIT to JVM {pid}; is it hung, or started with -XX:+DisableAttachMechanism?",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where the JVM's listener is, as this process reaches it.</summary>
    /// <exception cref="IOException">The JVM's /tmp cannot be opened.</exception>
    public static ListenerPlace PlaceOf(TargetProcess target)
        => new(target.OpenDirectory("/tmp"), string.Create(CultureInfo.InvariantCulture, $".java_pid{target.NamespacePid()}"), target.EffectiveIds().Uid, privatePrefix: null, target.ConnectIdentity(alwaysTheTargets: true));

    /// <summary>The listener's place, or null when the JVM's /tmp cannot be opened.</summary>
    public static ListenerPlace? TryPlaceOf(TargetProcess target)
    {
        try
        {
            return PlaceOf(target);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // HotSpot serves a peer whose effective uid and gid are its own, or root (JDK 11 and later; earlier
    // ones want an exact match even from root). Anyone else would be closed on without a word, after
    // the JVM was signalled for nothing: refuse here.
    private static void CheckCredentials(int pid, uint uid, uint gid)
    {
        var euid = Credentials.EffectiveUid;
        var egid = Credentials.EffectiveGid;
        if (euid != Credentials.RootUid && (euid != uid || egid != gid))
        {
            throw new AttachPermissionException(
                $"JVM {pid} runs as uid {uid} gid {gid} and serves only attachers with that effective uid and gid, or root; this is uid {euid} gid {egid}: run attachkit as its user or as root");
        }
    }
}
