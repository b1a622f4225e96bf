using System.Collections;

namespace AttachKit.Samples.WebApi;

/// <summary>How many primes there are up to a limit: a sieve of Eratosthenes (real work, worth caching).</summary>
internal static class PrimeCounter
{
    public const int MaxLimit = 10_000_000;

    public static int CountUpTo(int limit)
    {
        if (limit < 2)
        {
            return 0;
        }

        var composite = new BitArray(limit + 1);
        var count = 0;
        for (var n = 2; n <= limit; n++)
        {
            if (composite[n])
            {
                continue;
            }

            count++;
            for (var multiple = (long)n * n; multiple <= limit; multiple += n)
            {
                composite[(int)multiple] = true;
            }
        }

        return count;
    }
}
