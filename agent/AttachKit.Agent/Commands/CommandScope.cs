using AttachKit.Agent.Descriptors;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>What every connection and command of this agent shares.</summary>
/// <param name="Commands">The command table.</param>
/// <param name="Options">The app's options.</param>
/// <param name="Descriptors">The descriptors the agent itself holds.</param>
/// <param name="Log">The agent's log.</param>
internal sealed record CommandScope(CommandTable Commands, AttachAgentOptions Options, AgentDescriptors Descriptors, ILogger Log);
