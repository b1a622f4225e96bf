using System.Text;

namespace AttachKit.Hardening.Tests;

/// <summary>Random and mutated requests, reproducible from a seed and an index.</summary>
internal static class RequestFuzzer
{
    private static readonly string[] Commands = ["help", "version", "nope", "", "threads", "he\u00e9lp"];

    public static (string Kind, byte[] Bytes) Make(int seed, int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        return (index % 9) switch
        {
            0 => ("random bytes", Bytes(random, random.Next(0, 200))),
            1 => ("mutated", Mutate(random, Valid(random))),
            2 => ("oversized command", Join("1", new string('c', random.Next(65, 300)))),
            3 => ("oversized argument", Join("1", "version", new string('a', random.Next(4097, 9000)))),
            4 => ("huge argument count", Join(["1", "help", .. Enumerable.Repeat("a", random.Next(65, 3000))])),
            5 => ("no NUL", Bytes(random, random.Next(100, 70_000), avoid: 0)),
            6 => ("invalid UTF-8", [(byte)'1', 0, .. "ver"u8, 0xC3, 0x28, 0xFF, 0, 0]),
            7 => ("oversized request", Join(["1", "help", .. Enumerable.Repeat(new string('b', 2000), 40)])),
            _ => ("valid", Valid(random)),
        };
    }

    private static byte[] Valid(Random random)
    {
        var command = Commands[random.Next(Commands.Length)];
        return random.Next(2) == 0 ? Join("1", command) : Join("1", command, "--json");
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var mutated = bytes.ToList();
        for (var i = random.Next(1, 6); i > 0 && mutated.Count > 0; i--)
        {
            var at = random.Next(mutated.Count);
            switch (random.Next(4))
            {
                case 0:
                    mutated[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    mutated.RemoveRange(at, mutated.Count - at);
                    break;
                case 2:
                    mutated.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    mutated.RemoveAt(at);
                    break;
            }
        }

        return [.. mutated];
    }

    private static byte[] Bytes(Random random, int length, int avoid = -1)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (avoid >= 0)
        {
            bytes.AsSpan().Replace((byte)avoid, (byte)(avoid + 1));
        }

        return bytes;
    }

    private static byte[] Join(params string[] fields) => Encoding.UTF8.GetBytes(string.Concat(fields.Select(field => field + "\0")) + "\0");
}
