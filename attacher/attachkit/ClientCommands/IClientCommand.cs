using AttachKit.Attacher;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// The attacher's side of a command that needs more than "print the body": options only the
/// client understands (an output file, a program to exec), or a body to parse and render.
/// Listed in <see cref="ClientCommandTable"/>, which makes one per run, so what
/// <see cref="Prepare"/> parses can be kept for <see cref="HandleAsync"/>. Every other command's body
/// goes to stdout as it is.
/// </summary>
internal interface IClientCommand
{
    /// <summary>The agent command this handles (one of <see cref="BuiltInCommands"/>).</summary>
    string Name { get; }

    /// <summary>Takes the client-side options out of the arguments and says what to send to the agent.</summary>
    /// <param name="invocation">What the command line asked for: pid, arguments after the command name, --json, options.</param>
    /// <exception cref="ArgumentException">The arguments are not valid (exit code 1).</exception>
    ClientRequest Prepare(AttachInvocation invocation);

    /// <summary>Consumes the reply (the opening status was OK) and returns the exit code.</summary>
    Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken);
}
