using AttachKit.Agent.Commands;
using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>
/// The agent's one published socket: created on the first signal, recreated on a later signal if its
/// file was deleted or replaced, and removed when the process exits.
/// </summary>
internal sealed class AttachListener
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly ILogger _log;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly AgentDescriptors _descriptors;
    private readonly ListeningAnnouncement _announcement;
    private readonly RefusalSummary _refusals;
    private PublishedSocket? _current;
    private bool _exitHooked;

    public AttachListener(AttachAgentOptions options, ILogger log, CommandTable commands)
    {
        _directory = options.SocketDirectory ?? AttachSocket.DirectoryFor(Environment.GetEnvironmentVariable("TMPDIR"));
        _log = log;
        _descriptors = new AgentDescriptors();
        _announcement = new ListeningAnnouncement(log);
        _refusals = new RefusalSummary(log);
        _dispatcher = new ConnectionDispatcher(new CommandScope(commands, options, _descriptors, log), _announcement, _refusals);
    }

    /// <summary>Logs a line with the "listening" line, after the first reply: the first log event compiles much of the logger.</summary>
    public void Defer(Action<ILogger> write) => _announcement.Defer(write);

    /// <summary>
    /// Publishes the socket unless it is already in place. Called for every trigger signal, on the
    /// runtime's signal thread: it never throws (an exception there would end the host process).
    /// </summary>
    public void EnsurePublished()
    {
        try
        {
            lock (_gate)
            {
                if (_current is not null && _current.IsInPlace())
                {
                    return;
                }

                var previous = _current;
                _current = PublishedSocket.Publish(_directory, Environment.ProcessId, _descriptors);
                _announcement.Announce(_current.Path, Why(previous, _current));
                AcceptLoop.Start(_current.Listener, _dispatcher, [_announcement, _refusals], _log);
                previous?.Dispose();
                HookExit();
            }
        }
        catch (Exception e)
        {
            _log.Error(e, "AttachKit agent could not publish its socket in {Directory}", _directory);
        }
    }

    /// <summary>Closes the listener and removes its socket file if it is still ours.</summary>
    public void Close()
    {
        lock (_gate)
        {
            try
            {
                _current?.Dispose();
            }
            catch (Exception e)
            {
                _log.Warning(e, "AttachKit agent could not remove its socket {Path}", _current?.Path);
            }

            _current = null;
        }
    }

    // What the "listening" line adds: why the socket is where it is, or why it was made again.
    private static string Why(PublishedSocket? previous, PublishedSocket current)
        => current.PrivateBecause is { } taken ? $" (in a private directory: {taken})"
            : previous is null ? ""
            : previous.PrivateBecause is not null ? " (its own name is free again)"
            : " (socket file was gone; recreated)";

    private void HookExit()
    {
        if (!_exitHooked)
        {
            _exitHooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Close();
        }
    }
}
