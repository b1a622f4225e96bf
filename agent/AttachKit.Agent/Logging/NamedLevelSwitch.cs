using Serilog.Core;

namespace AttachKit.Agent.Logging;

/// <summary>A Serilog level switch the app registered for <c>loglevel</c>, under the name clients use.</summary>
internal sealed record NamedLevelSwitch(string Name, LoggingLevelSwitch Switch);
