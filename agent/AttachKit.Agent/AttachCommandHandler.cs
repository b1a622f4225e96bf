using AttachKit.Protocol;

namespace AttachKit.Agent;

/// <summary>
/// An app's own command, registered with <see cref="AttachAgentOptions.AddCommand"/>. It runs on a
/// dedicated thread of the agent (never the thread pool) under <see cref="AttachAgentOptions.CommandTimeout"/>.
/// </summary>
/// <param name="request">The command name, its arguments (without the reserved <c>--json</c>) and the format the client asked for.</param>
/// <param name="output">The reply body, streamed to the client as it is flushed (and at the end).</param>
/// <param name="cancellation">Cancelled when the deadline passes: the client has then been told the command timed out.</param>
/// <returns>
/// The final status: <see cref="ReplyStatus.Ok"/>, or e.g. <c>new ReplyStatus(StatusCode.InvalidArguments, "usage: …")</c>.
/// An exception becomes a <see cref="StatusCode.CommandFailed"/> reply; it never reaches the app.
/// </returns>
public delegate ReplyStatus AttachCommandHandler(AttachRequest request, TextWriter output, CancellationToken cancellation);
