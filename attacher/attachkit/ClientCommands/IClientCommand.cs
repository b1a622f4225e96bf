using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// The attacher's side of a command that needs more than "print the body": options only the
/// client understands (an output file, a program to exec), or a body to parse and render.
/// Listed in <see cref="ClientCommandTable"/>; every other command's body goes to stdout as it is.
/// </summary>
internal interface IClientCommand
{
    /// <summary>The agent command it handles.</summary>
    string Name { get; }

    /// <summary>Takes the client-side options out of the arguments and returns what is sent to the agent.</summary>
    /// <exception cref="ArgumentException">The arguments are not valid (exit code 1).</exception>
    IReadOnlyList<string> PrepareArguments(IReadOnlyList<string> arguments, bool json);

    /// <summary>Consumes the reply (the opening status was OK) and returns the exit code.</summary>
    Task<int> HandleAsync(AttachReply reply, Stream stdout, CancellationToken cancellationToken);
}
