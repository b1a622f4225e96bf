using AttachKit.Protocol;

namespace AttachKit.Cli.ClientCommands;

/// <summary>What a client-side command sends to the agent.</summary>
/// <param name="Arguments">The arguments for the agent, client-side options removed.</param>
/// <param name="Format">The body format to ask for (a command that parses the body asks for JSON).</param>
/// <param name="ReceiveDescriptors">Whether the reply carries descriptors to keep (read with recvmsg).</param>
internal sealed record ClientRequest(IReadOnlyList<string> Arguments, ReplyFormat Format, bool ReceiveDescriptors = false);
