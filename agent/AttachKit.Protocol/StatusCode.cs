namespace AttachKit.Protocol;

/// <summary>The numeric status an agent puts at the start and at the end of every reply.</summary>
/// <remarks>The numbers are part of the wire format (docs/PROTOCOL.md): never renumber them.</remarks>
public enum StatusCode
{
    /// <summary>The command ran and succeeded.</summary>
    Ok = 0,

    /// <summary>The request was malformed or broke a limit.</summary>
    BadRequest = 1,

    /// <summary>The request's version tag is not one the agent speaks.</summary>
    UnsupportedVersion = 2,

    /// <summary>No command of that name exists.</summary>
    UnknownCommand = 3,

    /// <summary>The command exists but the app's options turned it off.</summary>
    CommandDisabled = 4,

    /// <summary>The peer is neither the process's owner nor root.</summary>
    PermissionDenied = 5,

    /// <summary>The command's arguments were not valid.</summary>
    InvalidArguments = 6,

    /// <summary>The command ran and failed.</summary>
    CommandFailed = 7,

    /// <summary>The request did not arrive, or the command did not finish, within its deadline.</summary>
    TimedOut = 8,

    /// <summary>The agent is serving as many connections as it allows.</summary>
    Busy = 9,

    /// <summary>The agent failed in a way that is not the command's fault.</summary>
    InternalError = 10,
}
