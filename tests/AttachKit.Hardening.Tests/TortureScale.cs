namespace AttachKit.Hardening.Tests;

/// <summary>
/// The torture tests run short by default (CI) and at full size with ATTACHKIT_TORTURE=long
/// (<c>ATTACHKIT_TORTURE=long tests/run.sh --filter Category=Torture</c>).
/// </summary>
internal static class TortureScale
{
    public static bool IsLong => Environment.GetEnvironmentVariable("ATTACHKIT_TORTURE") == "long";

    public static int Pick(int shortRun, int longRun) => IsLong ? longRun : shortRun;
}

/// <summary>The torture tests run alone: they load the machine, and other tests time things.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TortureCollection
{
    public const string Name = "torture";
}
