namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// The tests against hostile targets, one after the other: some keep a process streaming as fast as it
/// can, others time the CLI to seconds.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection
{
    public const string Name = "hostile";
}
